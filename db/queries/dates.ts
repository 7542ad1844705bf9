import { sql } from "drizzle-orm";
import { COMPANY_TZ } from "@/lib/dates";

/**
 * The company's zone for `at time zone …`, as a literal rather than a parameter so every query keeps one
 * plan (COMPANY_TZ is checked to be an IANA-shaped name in lib/dates.ts).
 */
export const companyTz = sql.raw(`'${COMPANY_TZ}'`);

/** The calendar date (text, yyyy-mm-dd) of a timestamptz expression in the company's zone. */
export const dateInCompanyTz = (col: unknown) => sql<string>`((${col}) at time zone ${companyTz})::date::text`;
