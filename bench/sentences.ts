/**
 * Fixed inputs shared by every system, so all of them tokenize and run exactly the same text.
 * CoLA-style sentences of typical length (5 to 25 words), some acceptable, some not: the figures
 * then reflect the sequence lengths the service really sees, which is what dynamic padding exploits.
 */
export const benchSentences: readonly string[] = [
  "The boy is sitting on a bench.",
  "The cat sat on the mat.",
  "John thinks that Mary left early.",
  "Who did you say that left?",
  "The more you eat, the fatter you get.",
  "She gave the book to him yesterday afternoon.",
  "Bill and Sue are both happy about it.",
  "I wonder whether the committee will approve the plan next week.",
  "The children was playing in the garden.",
  "Sat the cat mat on the.",
  "Many students have read that book, but few understood it.",
  "He the door opened slowly.",
  "It is likely that the train will be late.",
  "They elected her president of the club.",
  "What did the teacher ask the students to bring to class on Monday?",
  "The dog that chased the cat that ate the mouse barked all night long.",
  "Every linguist who studied the data agreed with the conclusion.",
  "I has seen this film twice.",
  "Put the glass the on table.",
  "A man came into the room with a very large umbrella.",
  "The question of whether we should leave was never settled.",
  "Mary believes herself to be the best candidate for the job.",
  "The water in the lake froze during the coldest night of the winter.",
  "Because it rained, the match was postponed until the following Saturday.",
  "The book was written by a famous author.",
  "She is the woman who I think won the prize.",
  "The old house at the end of the street has been empty for years.",
  "We expected him to finish the report before the meeting started.",
  "The weather is the nice today.",
  "Several of the guests left before the speeches.",
  "Although he was tired, he kept working on the problem until midnight.",
  "The students whom the professor praised in the lecture were pleased.",
];

/** One request's worth of sentences for the batch throughput figure. */
export const batchSize = 32;
export const benchBatch: readonly string[] = benchSentences.slice(0, batchSize);
