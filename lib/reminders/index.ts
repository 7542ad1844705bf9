export * from "./dates";
export * from "./engine";
export * from "./forgetting";
export * from "./lunar-birthday";
