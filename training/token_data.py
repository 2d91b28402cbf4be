"""Tokenized splits (written by encode-splits.ts), masked-language-model batches and padded batches of minimal
pairs for training and evaluation."""

import collections
import difflib
import json
import random

import torch

PAD_ID = 0
MASK_ID = 4
FIRST_ORDINARY_ID = 5


def iter_rows(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def read_rows(path):
    return list(iter_rows(path))


class TrainingSet:
    """Each source sentence with its corruptions (encode-splits.ts keeps the rows of a source together).

    Epoch e pairs every source with its corruption number e (modulo how many it has), so over the first epochs
    each sentence is seen next to a different corruption, of a different kind, every time."""

    def __init__(self, path):
        by_source = collections.OrderedDict()
        for row in iter_rows(path):
            entry = by_source.setdefault(row["source"], {"positive": None, "negatives": []})
            if row["label"] == 1:
                entry["positive"] = row["input_ids"]
            else:
                entry["negatives"].append(row["input_ids"])
        self.sources = [entry for entry in by_source.values() if entry["positive"] and entry["negatives"]]

    def sentences(self):
        return [entry["positive"] for entry in self.sources]

    def epoch(self, epoch, seed):
        """(acceptable ids, unacceptable ids) minimal pairs, in random order."""
        pairs = [
            (entry["positive"], entry["negatives"][(epoch + index) % len(entry["negatives"])])
            for index, entry in enumerate(self.sources)
        ]
        random.Random(seed).shuffle(pairs)
        return pairs


def pad_batch(sequences):
    length = max(len(ids) for ids in sequences)
    input_ids = torch.full((len(sequences), length), PAD_ID, dtype=torch.long)
    attention_mask = torch.zeros((len(sequences), length), dtype=torch.long)
    for i, ids in enumerate(sequences):
        input_ids[i, : len(ids)] = torch.tensor(ids, dtype=torch.long)
        attention_mask[i, : len(ids)] = 1
    return input_ids, attention_mask


def length_grouped(items, per_batch, length, rng, window_batches=50):
    """Batches of `per_batch` items, each batch padded little: items are sorted by length within windows of
    `window_batches` batches (of the already shuffled items), and the batches then shuffled. A random batch is
    padded to more than twice its average length; these stay random in content."""
    window = per_batch * window_batches
    chunks = []
    for start in range(0, len(items), window):
        ordered = sorted(items[start : start + window], key=length)
        chunks.extend(ordered[i : i + per_batch] for i in range(0, len(ordered), per_batch))
    rng.shuffle(chunks)
    return chunks


def paired_chunks(pairs, batch_size, seed):
    """Batches of minimal pairs (as lists of pairs, see collate_pairs): each sentence next to its own corruption,
    so the gradient of a batch is driven by what differs between the two (the corruption) rather than by what
    the sentences are about."""
    return length_grouped(pairs, max(1, batch_size // 2), lambda pair: max(len(pair[0]), len(pair[1])), random.Random(seed))


def corruption_marks(original, corrupted):
    """1.0 for each token of `corrupted` that differs from `original` (replaced, inserted or moved), and for the
    two tokens either side of a deletion; 0.0 elsewhere. Found by diffing the token ids, so no corruption has to
    report where it changed the sentence."""
    marks = [0.0] * len(corrupted)
    matcher = difflib.SequenceMatcher(a=original, b=corrupted, autojunk=False)
    for operation, _, _, start, end in matcher.get_opcodes():
        if operation in ("replace", "insert"):
            marks[start:end] = [1.0] * (end - start)
        elif operation == "delete":
            for position in (start - 1, start):
                if 0 <= position < len(corrupted):
                    marks[position] = 1.0
    return marks


def collate_pairs(chunk):
    """input_ids, attention_mask, labels, token marks (see corruption_marks); rows alternate acceptable
    (label 1, no marks), unacceptable (label 0)."""
    input_ids, attention_mask = pad_batch([ids for pair in chunk for ids in pair])
    labels = torch.tensor([1, 0] * len(chunk), dtype=torch.long)
    marks = torch.zeros(input_ids.shape, dtype=torch.float)
    for index, (original, corrupted) in enumerate(chunk):
        marks[2 * index + 1, : len(corrupted)] = torch.tensor(corruption_marks(original, corrupted))
    return input_ids, attention_mask, labels, marks


def sentence_chunks(sentences, batch_size, seed):
    return length_grouped(sentences, batch_size, len, random.Random(seed))


def collate_masked(chunk, vocab_size, seed, mask_probability=0.15):
    """BERT's masked-language-model batch: 15 % of the ordinary tokens are to be predicted; of those, 80 % are
    replaced by [MASK], 10 % by a random token, 10 % left as they are. Labels are -100 where nothing is predicted.
    The seed decides the masking, so a batch is masked the same way whichever worker process builds it."""
    generator = torch.Generator().manual_seed(seed)
    input_ids, attention_mask = pad_batch(chunk)
    chosen = (input_ids >= FIRST_ORDINARY_ID) & (torch.rand(input_ids.shape, generator=generator) < mask_probability)
    labels = torch.where(chosen, input_ids, torch.full_like(input_ids, -100))
    action = torch.rand(input_ids.shape, generator=generator)
    masked = input_ids.clone()
    masked[chosen & (action < 0.8)] = MASK_ID
    random_tokens = chosen & (action >= 0.8) & (action < 0.9)
    masked[random_tokens] = torch.randint(FIRST_ORDINARY_ID, vocab_size, (int(random_tokens.sum()),), generator=generator)
    return masked, attention_mask, labels
