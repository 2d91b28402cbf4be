/** Sentences of very different token counts, so a batch of them needs padding. */
export const SENTENCES = [
  "The cat sat on the mat.",
  "Cat the mat on sat.",
  "Although the committee had already reviewed every proposal twice, the chair insisted on a third reading.",
  "Yes.",
  "Which book did you say that John believed Mary had read before the exam?",
] as const;
