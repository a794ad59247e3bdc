import type { en } from "./en";

/** The shape of one language's strings: English is the reference, every other language matches it. */
export type Messages = typeof en;
