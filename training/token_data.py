"""Tokenized splits (written by encode-splits.ts) and padded batches for training and evaluation."""

import collections
import json
import random

import torch

PAD_ID = 0


def read_rows(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


class TrainingSet:
    """Each source sentence with all its corruptions. Every epoch pairs each source with one of its corruptions,
    so each epoch holds as many acceptable as unacceptable examples and the model sees many corruptions of each
    sentence over the whole run."""

    def __init__(self, rows):
        by_source = collections.OrderedDict()
        for row in rows:
            entry = by_source.setdefault(row["source"], {"positive": None, "negatives": []})
            if row["label"] == 1:
                entry["positive"] = row["input_ids"]
            else:
                entry["negatives"].append(row["input_ids"])
        self.sources = [entry for entry in by_source.values() if entry["positive"] and entry["negatives"]]

    def epoch(self, seed):
        """(acceptable ids, unacceptable ids) minimal pairs, in random order."""
        rng = random.Random(seed)
        pairs = [(entry["positive"], rng.choice(entry["negatives"])) for entry in self.sources]
        rng.shuffle(pairs)
        return pairs


def pad_batch(sequences):
    length = max(len(ids) for ids in sequences)
    input_ids = torch.full((len(sequences), length), PAD_ID, dtype=torch.long)
    attention_mask = torch.zeros((len(sequences), length), dtype=torch.long)
    for i, ids in enumerate(sequences):
        input_ids[i, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        attention_mask[i, : len(ids)] = 1
    return input_ids, attention_mask


def _tensors(chunk):
    input_ids, attention_mask = pad_batch([ids for ids, _ in chunk])
    labels = torch.tensor([label for _, label in chunk], dtype=torch.long)
    return input_ids, attention_mask, labels


def paired_batches(pairs, batch_size, seed, window_batches=50):
    """Batches of minimal pairs: each sentence next to its own corruption, so the gradient of a batch is driven by
    what differs between the two (the corruption) rather than by what the sentences are about; in our trials this
    learned faster than batches of unrelated examples.

    Each batch is padded to its longest member, and in a random batch that is more than twice the average length.
    Sorting by length within windows of `window_batches` batches (of the already shuffled pairs) keeps the batches
    random in content while padding them little.
    """
    rng = random.Random(seed)
    per_batch = max(1, batch_size // 2)
    window = per_batch * window_batches
    chunks = []
    for start in range(0, len(pairs), window):
        ordered = sorted(pairs[start : start + window], key=lambda pair: max(len(pair[0]), len(pair[1])))
        chunks.extend(ordered[i : i + per_batch] for i in range(0, len(ordered), per_batch))
    rng.shuffle(chunks)
    for chunk in chunks:
        yield _tensors([example for positive, negative in chunk for example in ((positive, 1), (negative, 0))])
