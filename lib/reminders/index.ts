export * from "./dates";
export * from "./engine";
export * from "./forgetting";
export * from "./kinds";
export * from "./lunar-birthday";
