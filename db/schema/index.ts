export * from "./org";
export * from "./dictionaries";
export * from "./customers";
export * from "./sales";
export * from "./time";
export * from "./training";
export * from "./messaging";
export * from "./audit";
