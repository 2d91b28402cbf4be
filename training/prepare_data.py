"""Build the acceptability data set: real English sentences and CoLA-like corruptions of them.

Acceptable sentences:
- the example sentences quoted in WordNet 3.0's glosses: the test and validation splits are held-out WordNet
  examples (so the headline figure is comparable from build to build), the rest are training sentences;
- a larger, mixed training corpus (corpus.py): WordNet's definitions and running text from Debian packages
  (documentation, dictionaries, fortunes, game texts), sentence-split and filtered. A few thousand of these are
  held out as a second test split ("mixed-test") that shows how the model does on other kinds of English.
Unacceptable sentences: corruptions of those (corruptions.py), each tagged with its kind.

Splits are made by source sentence: a sentence and its corruptions are always on the same side, and no training
sentence repeats (or contains six consecutive words of) a validation or test sentence.
- train: each source sentence with `--negatives` corruptions of different kinds (the kinds used least so far
  among those that apply, so the kinds come out even); the trainer pairs the sentence with a different one of
  them in each epoch.
- validation, test, mixed-test: each source once as acceptable and once corrupted, by the least used kind that
  applies (balanced classes, kinds as even as the data allows).

Writes JSONL files to --out (train, validation, test, mixed-test, corpus.txt, corpus-summary.json) and the
committed test split to --committed-test.
"""

import argparse
import collections
import json
import os
import random
import sys

import corpus
from corruptions import CORRUPTIONS, detokenize, tokenize

# Sentences of the mixed corpus whose final full stop is dropped: WordNet's examples mostly have none, and the
# model should not learn that a full stop means anything.
DROP_FULL_STOP = 0.5
OVERLAP_WORDS = 6


def clean(sentence):
    return detokenize(tokenize(sentence))


def unique_sentences(examples, keep):
    seen = set()
    out = []
    for sentence in examples:
        text = clean(sentence)
        key = text.lower()
        if keep(text) and key not in seen:
            seen.add(key)
            out.append(text)
    # Sorted before shuffling so the result does not depend on file or set iteration order.
    return sorted(out)


def all_corruptions(sentence, rng):
    tokens = tokenize(sentence)
    out = {}
    for kind, corrupt in CORRUPTIONS.items():
        corrupted = corrupt(tokens, rng)
        if corrupted is None:
            continue
        text = detokenize(corrupted)
        if text.lower() != sentence.lower():
            out[kind] = text
    return out


def labelled_rows(sources, rng, choose_kinds):
    """For each source that some corruption applies to: the source as acceptable, then its corruptions of the
    kinds `choose_kinds(options, counts)` picks, as unacceptable. `counts` tracks how often each kind was used."""
    counts = collections.Counter({kind: 0 for kind in CORRUPTIONS})
    rows = []
    for source_id, sentence in sources:
        options = all_corruptions(sentence, rng)
        if not options:
            continue
        rows.append({"source": source_id, "sentence": sentence, "label": 1, "kind": "original"})
        for kind in choose_kinds(options, counts):
            counts[kind] += 1
            rows.append({"source": source_id, "sentence": options[kind], "label": 0, "kind": kind})
    return rows


def balanced_pairs(sources, rng):
    """One acceptable and one unacceptable example per source, the negative of the least used applicable kind."""

    def least_used(options, counts):
        fewest = min(counts[kind] for kind in options)
        return [rng.choice(sorted(k for k in options if counts[k] == fewest))]

    return labelled_rows(sources, rng, least_used)


def train_rows(sources, negatives, rng):
    """Each source with up to `negatives` corruptions of different kinds, the least used kinds first."""
    return labelled_rows(
        sources, rng, lambda options, counts: sorted(options, key=lambda kind: (counts[kind], rng.random()))[:negatives]
    )


def word_key(sentence):
    return [word.lower() for word in corpus.words_of(sentence)]


class Overlap:
    """Whether a sentence is, or shares OVERLAP_WORDS consecutive words with, one of the held-out sentences."""

    def __init__(self, sentences):
        self.whole = set()
        self.grams = set()
        for sentence in sentences:
            words = word_key(sentence)
            self.whole.add(" ".join(words))
            self.grams.update(self._grams(words))

    @staticmethod
    def _grams(words):
        return {" ".join(words[i : i + OVERLAP_WORDS]) for i in range(len(words) - OVERLAP_WORDS + 1)}

    def __contains__(self, sentence):
        words = word_key(sentence)
        return " ".join(words) in self.whole or not self.grams.isdisjoint(self._grams(words))


def write_jsonl(path, rows, fields=None):
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            record = row if fields is None else {field: row[field] for field in fields}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def mixed_corpus(glosses, held_out, log):
    """(source name, sentence) for every kept sentence of the mixed corpus, deduplicated across sources and
    against the WordNet examples."""
    seen = set()
    out = []
    sources = [("wordnet-definitions", lambda: corpus.wordnet_definitions(glosses))] + [
        (name, lambda read=read, root=root: corpus.source_sentences(read, root))
        for name, _, root, read in corpus.SOURCES
    ]
    summary = {}
    for name, read in sources:
        kept = overlapping = 0
        for sentence in unique_sentences(read(), lambda _: True):
            key = sentence.lower()
            if key in seen:
                continue
            seen.add(key)
            if sentence in held_out:
                overlapping += 1
                continue
            out.append((name, sentence))
            kept += 1
        summary[name] = kept
        log(f"  {name}: {kept} sentences ({overlapping} dropped for overlapping validation or test)")
    return out, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wordnet-dir", default="/usr/share/wordnet")
    parser.add_argument("--out", required=True)
    parser.add_argument("--committed-test", required=True)
    parser.add_argument("--seed", type=int, default=20240521)
    parser.add_argument("--held-out-sources", type=int, default=2000, help="source sentences in test and in validation")
    parser.add_argument("--mixed-test-sources", type=int, default=2000)
    parser.add_argument("--negatives", type=int, default=int(os.environ.get("MODEL_NEGATIVES", "2")))
    parser.add_argument(
        "--max-mixed-sources",
        type=int,
        default=int(os.environ.get("MODEL_MAX_SOURCES", "0")),
        help="use at most this many sentences of the mixed corpus (0: all)",
    )
    args = parser.parse_args()

    def log(message):
        print(message, file=sys.stderr, flush=True)

    # Parsed once: the examples are the held-out splits and training sentences, the definitions part of the corpus.
    glosses = list(corpus.wordnet_glosses(args.wordnet_dir))
    examples = unique_sentences(corpus.wordnet_examples(glosses), corpus.plain_enough)
    random.Random(args.seed).shuffle(examples)
    n_test = n_validation = args.held_out_sources
    test_sentences = examples[:n_test]
    validation_sentences = examples[n_test : n_test + n_validation]
    train_examples = examples[n_test + n_validation :]
    log(f"WordNet gloss examples kept: {len(examples)} sentences")

    held_out = Overlap(test_sentences + validation_sentences)
    mixed, summary = mixed_corpus(glosses, held_out, log)
    # Training examples that repeat a held-out one in other words are dropped too.
    train_examples = [sentence for sentence in train_examples if sentence not in held_out]
    example_keys = {sentence.lower() for sentence in examples}
    mixed = [(name, sentence) for name, sentence in mixed if sentence.lower() not in example_keys]

    rng = random.Random(args.seed + 10)
    rng.shuffle(mixed)
    mixed_test = mixed[: args.mixed_test_sources]
    mixed_train = mixed[args.mixed_test_sources :]
    if args.max_mixed_sources:
        mixed_train = mixed_train[: args.max_mixed_sources]
    mixed_test_overlap = Overlap([sentence for _, sentence in mixed_test])
    mixed_train = [(name, sentence) for name, sentence in mixed_train if sentence not in mixed_test_overlap]

    def styled(sentence):
        if sentence.endswith(".") and rng.random() < DROP_FULL_STOP:
            return sentence[:-1]
        return sentence

    mixed_train = [(name, styled(sentence)) for name, sentence in mixed_train]
    mixed_test = [(name, styled(sentence)) for name, sentence in mixed_test]

    # Source ids: test 0.., then validation, WordNet training examples, mixed test, mixed training corpus.
    groups = [test_sentences, validation_sentences, train_examples]
    groups += [[s for _, s in mixed_test], [s for _, s in mixed_train]]
    numbered = []
    for group in groups:
        start = sum(len(g) for g in numbered)
        numbered.append([(start + i, sentence) for i, sentence in enumerate(group)])
    test_sources, validation_sources, example_sources, mixed_test_sources, mixed_train_sources = numbered

    os.makedirs(args.out, exist_ok=True)
    # A separate generator per split keeps each split stable when another split's rules change.
    rows = {
        "test": balanced_pairs(test_sources, random.Random(args.seed + 1)),
        "validation": balanced_pairs(validation_sources, random.Random(args.seed + 2)),
        "train": train_rows(example_sources + mixed_train_sources, args.negatives, random.Random(args.seed + 3)),
        "mixed-test": balanced_pairs(mixed_test_sources, random.Random(args.seed + 4)),
    }
    for split, split_rows in rows.items():
        write_jsonl(os.path.join(args.out, split + ".jsonl"), split_rows)
    # The vocabulary is trained on the acceptable training sentences only: nothing from validation or test.
    with open(os.path.join(args.out, "corpus.txt"), "w", encoding="utf-8") as handle:
        for _, sentence in example_sources + mixed_train_sources:
            handle.write(sentence + "\n")
    os.makedirs(os.path.dirname(args.committed_test), exist_ok=True)
    write_jsonl(args.committed_test, rows["test"], fields=["sentence", "label", "kind"])

    summary = {
        "wordnet-examples": {"test": len(test_sources), "validation": len(validation_sources), "train": len(example_sources)},
        "mixed-corpus": summary,
        "mixed-train": len(mixed_train_sources),
        "mixed-test": len(mixed_test_sources),
        "train-words": sum(len(corpus.words_of(s)) for _, s in example_sources + mixed_train_sources),
    }
    with open(os.path.join(args.out, "corpus-summary.json"), "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2)
    log(f"training sentences: {len(example_sources)} WordNet examples + {len(mixed_train_sources)} mixed corpus")
    for split, split_rows in rows.items():
        kinds = collections.Counter(row["kind"] for row in split_rows)
        log(f"  {split}: {len(split_rows)} rows {dict(sorted(kinds.items()))}")


if __name__ == "__main__":
    main()
