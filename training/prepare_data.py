"""Build the acceptability data set from the example sentences inside WordNet 3.0 glosses.

Acceptable sentences: the quoted examples in WordNet glosses (real English written by lexicographers).
Unacceptable sentences: CoLA-like corruptions of those (see corruptions.py), each tagged with its kind.

Splits are made by source sentence (a fixed number for test and validation, the rest for training), so no sentence and its corruption end up on both sides.
- train: each source sentence with every corruption that applies; the trainer draws one per epoch, so each
  epoch is balanced (one acceptable, one unacceptable per source).
- validation, test: each source once as acceptable and once corrupted, by the least used kind that applies
  (balanced classes, kinds as even as the data allows).

Writes JSONL files to --out (train.jsonl, validation.jsonl, test.jsonl, corpus.txt) and the committed test split
to --committed-test.
"""

import argparse
import collections
import json
import os
import random
import re
import sys

from corruptions import CORRUPTIONS, detokenize, is_word, tokenize

WORDNET_DATA_FILES = ["data.noun", "data.verb", "data.adj", "data.adv"]
_QUOTED_RE = re.compile(r'"([^"]+)"')
_ALLOWED_CHARS_RE = re.compile(r"^[A-Za-z0-9 ,.;:!?'’()$%-]+$")
MIN_WORDS = 4
MAX_WORDS = 30


def read_gloss_examples(wordnet_dir):
    """Yield every quoted example sentence of every synset gloss."""
    for name in WORDNET_DATA_FILES:
        with open(os.path.join(wordnet_dir, name), encoding="utf-8") as handle:
            for line in handle:
                # The licence header lines start with two spaces; synset lines carry the gloss after " | ".
                if line.startswith("  ") or " | " not in line:
                    continue
                gloss = line.split(" | ", 1)[1]
                for match in _QUOTED_RE.finditer(gloss):
                    yield match.group(1).strip()


def keep(sentence):
    """Full sentences of plain English text only: fragments like "bankable funds" teach nothing about syntax."""
    if not _ALLOWED_CHARS_RE.match(sentence) or not sentence[:1].isalnum():
        return False
    words = [t for t in tokenize(sentence) if is_word(t)]
    return MIN_WORDS <= len(words) <= MAX_WORDS


def unique_sentences(examples):
    seen = set()
    out = []
    for sentence in examples:
        text = detokenize(tokenize(sentence))
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


def balanced_pairs(sources, rng):
    """One acceptable and one unacceptable example per source, the negative of the least used applicable kind."""
    counts = collections.Counter({kind: 0 for kind in CORRUPTIONS})
    rows = []
    for source_id, sentence in sources:
        options = all_corruptions(sentence, rng)
        if not options:
            continue
        fewest = min(counts[kind] for kind in options)
        kind = rng.choice(sorted(k for k in options if counts[k] == fewest))
        counts[kind] += 1
        rows.append({"source": source_id, "sentence": sentence, "label": 1, "kind": "original"})
        rows.append({"source": source_id, "sentence": options[kind], "label": 0, "kind": kind})
    return rows


def train_rows(sources, rng):
    rows = []
    for source_id, sentence in sources:
        options = all_corruptions(sentence, rng)
        if not options:
            continue
        rows.append({"source": source_id, "sentence": sentence, "label": 1, "kind": "original"})
        for kind in sorted(options):
            rows.append({"source": source_id, "sentence": options[kind], "label": 0, "kind": kind})
    return rows


def write_jsonl(path, rows, fields=None):
    with open(path, "w", encoding="utf-8") as handle:
        for row in rows:
            record = row if fields is None else {field: row[field] for field in fields}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wordnet-dir", default="/usr/share/wordnet")
    parser.add_argument("--out", required=True)
    parser.add_argument("--committed-test", required=True)
    parser.add_argument("--seed", type=int, default=20240521)
    parser.add_argument("--held-out-sources", type=int, default=2000, help="source sentences in test and in validation")
    args = parser.parse_args()

    sentences = unique_sentences(read_gloss_examples(args.wordnet_dir))
    random.Random(args.seed).shuffle(sentences)
    sources = list(enumerate(sentences))
    n_test = n_validation = args.held_out_sources
    splits = {
        "test": sources[:n_test],
        "validation": sources[n_test : n_test + n_validation],
        "train": sources[n_test + n_validation :],
    }

    os.makedirs(args.out, exist_ok=True)
    # A separate generator per split keeps each split stable when another split's rules change.
    rows = {
        "test": balanced_pairs(splits["test"], random.Random(args.seed + 1)),
        "validation": balanced_pairs(splits["validation"], random.Random(args.seed + 2)),
        "train": train_rows(splits["train"], random.Random(args.seed + 3)),
    }
    for split, split_rows in rows.items():
        write_jsonl(os.path.join(args.out, split + ".jsonl"), split_rows)
    # The vocabulary is trained on the acceptable training sentences only: nothing from validation or test.
    with open(os.path.join(args.out, "corpus.txt"), "w", encoding="utf-8") as handle:
        for _, sentence in splits["train"]:
            handle.write(sentence + "\n")
    os.makedirs(os.path.dirname(args.committed_test), exist_ok=True)
    write_jsonl(args.committed_test, rows["test"], fields=["sentence", "label", "kind"])

    print(f"WordNet gloss examples kept: {len(sentences)} sentences", file=sys.stderr)
    for split, split_rows in rows.items():
        kinds = collections.Counter(row["kind"] for row in split_rows)
        print(f"  {split}: {len(split_rows)} rows {dict(sorted(kinds.items()))}", file=sys.stderr)


if __name__ == "__main__":
    main()
