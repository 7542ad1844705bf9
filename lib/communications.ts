/**
 * 交流方式: the one definition. The database enum (db/schema/sales.ts) and the zod schemas derive from it;
 * labels are messages comm.methods.<method>.
 */
export const COMMUNICATION_METHODS = ["phone", "visit", "wechat", "sms", "email", "meeting", "other"] as const;
export type CommunicationMethod = (typeof COMMUNICATION_METHODS)[number];
