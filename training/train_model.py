"""Train the BERT-tiny acceptability classifier and the two small fixture models, export them to ONNX.

Reads the tokenized splits (encode-splits.ts), writes to --out:
  model/                          the bundled model (BERT-tiny shape), output `logits`
  fixture-output-named/           small model, output named `output` (as the original PyTorch export names it)
  fixture-token-type-ids/         small model that also takes `token_type_ids` (as Hugging Face exports do)
and, to --parity-dir, the torch logits on the test split for the onnxruntime-node parity check.
"""

import argparse
import json
import math
import os
import random
import sys
import time

import torch

from bert_tiny import BertConfig, BertForSequenceClassification
from onnx_export import export, write_parity_reference
from token_data import TrainingSet, pad_batch, paired_batches, read_rows

ID2LABEL = ["unacceptable", "acceptable"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def accuracy(model, rows, batch_size=256):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            input_ids, attention_mask = pad_batch([row["input_ids"] for row in chunk])
            predictions = model(input_ids, attention_mask).argmax(dim=-1).tolist()
            correct += sum(int(p == row["label"]) for p, row in zip(predictions, chunk))
    return correct / len(rows)


def train(config, training_set, validation_rows, epochs, seed, batch_size, learning_rate, name):
    """AdamW with linear warm-up and decay; returns the weights of the epoch with the best validation accuracy."""
    torch.manual_seed(seed)
    model = BertForSequenceClassification(config)
    steps_per_epoch = math.ceil(2 * len(training_set.sources) / batch_size)
    total_steps = epochs * steps_per_epoch
    warmup_steps = max(1, int(0.06 * total_steps))
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
    decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "LayerNorm" in n)]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=learning_rate
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup_steps, max(0.0, (total_steps - step) / (total_steps - warmup_steps))),
    )
    best = (-1.0, None, 0)
    for epoch in range(epochs):
        started = time.time()
        model.train()
        total_loss = 0.0
        pairs = training_set.epoch(seed * 1000 + epoch)
        for input_ids, attention_mask, labels in paired_batches(pairs, batch_size, seed * 1000 + epoch):
            loss = torch.nn.functional.cross_entropy(model(input_ids, attention_mask), labels)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total_loss += loss.item() * len(labels)
        validation = accuracy(model, validation_rows)
        log(
            f"[{name}] epoch {epoch + 1}/{epochs} loss {total_loss / (2 * len(pairs)):.4f} "
            f"validation accuracy {validation:.4f} ({time.time() - started:.0f}s)"
        )
        if validation > best[0]:
            best = (validation, {k: v.detach().clone() for k, v in model.state_dict().items()}, epoch + 1)
    model.load_state_dict(best[1])
    log(f"[{name}] kept epoch {best[2]} (validation accuracy {best[0]:.4f})")
    model.eval()
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids-dir", required=True)
    parser.add_argument("--vocab-size", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--parity-dir", required=True)
    parser.add_argument("--epochs", type=int, default=int(os.environ.get("MODEL_EPOCHS", "10")))
    parser.add_argument("--fixture-epochs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=int(os.environ.get("TORCH_THREADS", "2")))
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    training_set = TrainingSet(read_rows(os.path.join(args.ids_dir, "train.jsonl")))
    validation_rows = read_rows(os.path.join(args.ids_dir, "validation.jsonl"))
    test_rows = read_rows(os.path.join(args.ids_dir, "test.jsonl"))
    log(f"training on {len(training_set.sources)} source sentences, {args.threads} threads")

    started = time.time()
    bert_tiny = BertConfig(vocab_size=args.vocab_size)
    model = train(bert_tiny, training_set, validation_rows, args.epochs, args.seed, 64, 5e-4, "bert-tiny")
    log(f"[bert-tiny] test accuracy (torch) {accuracy(model, test_rows):.4f}, trained in {time.time() - started:.0f}s")
    path = export(model, os.path.join(args.out, "model"), ID2LABEL)
    write_parity_reference(model, test_rows, path, os.path.join(args.parity_dir, "model.json"))

    # Fixtures only need the exact interfaces and sensible answers: a narrow model keeps each folder small. Both
    # are exports of the same weights, so the function's tests can expect the same scores from either.
    fixture = BertConfig(vocab_size=args.vocab_size, hidden_size=32, intermediate_size=128)
    small = train(fixture, training_set, validation_rows, args.fixture_epochs, args.seed, 64, 2e-3, "fixture")
    for name, options in [
        ("fixture-output-named", {"output_name": "output"}),
        ("fixture-token-type-ids", {"with_token_type_ids": True}),
    ]:
        path = export(small, os.path.join(args.out, name), ID2LABEL, **options)
        write_parity_reference(
            small,
            test_rows,
            path,
            os.path.join(args.parity_dir, name + ".json"),
            with_token_type_ids=options.get("with_token_type_ids", False),
        )
    with open(os.path.join(args.out, "training-summary.json"), "w", encoding="utf-8") as handle:
        json.dump({"seconds": round(time.time() - started), "epochs": args.epochs, "threads": args.threads}, handle)


if __name__ == "__main__":
    main()
