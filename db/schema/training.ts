import { integer, pgTable, primaryKey, smallint, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./org";

/** Progress of one trainee on one lesson (the slug is the MDX file name). */
export const lessonProgress = pgTable(
  "lesson_progress",
  {
    userId: uuid("user_id").notNull().references(() => users.id),
    slug: text("slug").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    exerciseDoneAt: timestamp("exercise_done_at", { withTimezone: true }),
    quizScore: smallint("quiz_score"),
    quizBestScore: smallint("quiz_best_score"),
    quizAttempts: integer("quiz_attempts").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.slug] })],
);
