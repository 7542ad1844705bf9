declare module "lunar-javascript" {
  export class Solar {
    static fromYmd(y: number, m: number, d: number): Solar;
    static fromJulianDay(jd: number): Solar;
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    toYmd(): string;
    getLunar(): Lunar;
  }
  export class Lunar {
    static fromYmd(y: number, m: number, d: number): Lunar;
    getYear(): number;
    /** Negative for a leap month. */
    getMonth(): number;
    getDay(): number;
    getSolar(): Solar;
    getMonthInChinese(): string;
    getDayInChinese(): string;
    getYearInGanZhi(): string;
    getYearShengXiao(): string;
  }
  export class LunarYear {
    static fromYear(y: number): LunarYear;
    /** 0 when the year has no leap month. */
    getLeapMonth(): number;
    /** The months around this lunar year (some of the previous and next year too); check getYear(). */
    getMonths(): LunarMonth[];
  }
  export class LunarMonth {
    static fromYm(y: number, m: number): LunarMonth;
    getYear(): number;
    /** Negative for a leap month. */
    getMonth(): number;
    getDayCount(): number;
    getFirstJulianDay(): number;
  }
}
