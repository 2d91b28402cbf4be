"""Train the BERT-tiny acceptability classifier and the two small fixture models, export them to ONNX.

Training has two phases, both on the training split only:
1. masked-language-model pre-training on the acceptable training sentences (BERT's objective, with a prediction
   head that is thrown away afterwards): the model first learns how English words follow each other;
2. fine-tuning on minimal pairs: each sentence next to one of its corruptions, a different one every epoch.
The weights with the best validation accuracy (checked every `--eval-every` steps) are kept.

Both phases run data-parallel in `--processes` worker processes of one thread each, which average their gradients
after every step (torch.distributed with the gloo backend, on the loopback interface). On two cores this trains
about 1.8 times as many examples per second as one process with two threads: these matrices are too small for
torch's intra-op threads to keep two cores busy.

Reads the tokenized splits (encode-splits.ts), writes to --out:
  model/                          the bundled model (BERT-tiny shape), output `logits`
  fixture-output-named/           small model, output named `output` (as the original PyTorch export names it)
  fixture-token-type-ids/         small model that also takes `token_type_ids` (as Hugging Face exports do)
and, to --parity-dir, the torch logits on the test split for the onnxruntime-node parity check.
"""

import argparse
import collections
import json
import os
import random
import socket
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from bert_tiny import BertConfig, BertForSequenceClassification, CorruptionTaggerHead, MaskedLanguageModelHead
from onnx_export import export, write_parity_reference
from token_data import TrainingSet, collate_masked, collate_pairs, pad_batch, paired_chunks, read_rows, sentence_chunks

ID2LABEL = ["unacceptable", "acceptable"]


def log(message):
    print(message, file=sys.stderr, flush=True)


def env_int(name, default):
    return int(os.environ.get(name, str(default)))


def env_float(name, default):
    return float(os.environ.get(name, str(default)))


def accuracy(model, rows, batch_size=256):
    """Overall accuracy and accuracy per kind."""
    was_training = model.training
    model.eval()
    correct = collections.Counter()
    total = collections.Counter()
    with torch.no_grad():
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            input_ids, attention_mask = pad_batch([row["input_ids"] for row in chunk])
            predictions = model(input_ids, attention_mask).argmax(dim=-1).tolist()
            for prediction, row in zip(predictions, chunk):
                total[row["kind"]] += 1
                correct[row["kind"]] += int(prediction == row["label"])
    model.train(was_training)
    kinds = {kind: correct[kind] / total[kind] for kind in sorted(total)}
    return sum(correct.values()) / sum(total.values()), kinds


def optimizer_and_schedule(named_parameters, learning_rate, total_steps, warmup=0.06):
    """AdamW (no weight decay on biases and LayerNorm), linear warm-up then linear decay to 0."""
    named_parameters = list(named_parameters)
    no_decay = [p for n, p in named_parameters if n.endswith("bias") or "LayerNorm" in n]
    decay = [p for n, p in named_parameters if not (n.endswith("bias") or "LayerNorm" in n)]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=learning_rate
    )
    warmup_steps = max(1, int(warmup * total_steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min((step + 1) / warmup_steps, max(0.0, (total_steps - step) / (total_steps - warmup_steps))),
    )
    return optimizer, schedule


class Gradients:
    """Averages the gradients of the worker processes (a no-op with one process) and takes the optimiser step."""

    def __init__(self, world):
        self.world = world

    def step(self, loss, optimizer, schedule, parameters):
        """Back-propagates `loss`, averages the gradients across workers, clips them at norm 1.0 and steps."""
        optimizer.zero_grad()
        loss.backward()
        self.sync(parameters)
        torch.nn.utils.clip_grad_norm_(parameters, 1.0)
        optimizer.step()
        schedule.step()

    def sync(self, parameters):
        if self.world == 1:
            return
        grads = [p.grad for p in parameters if p.grad is not None]
        flat = torch._utils._flatten_dense_tensors(grads)
        dist.all_reduce(flat)
        flat /= self.world
        for grad, averaged in zip(grads, torch._utils._unflatten_dense_tensors(flat, grads)):
            grad.copy_(averaged)


def step_batches(make_epoch, collate, steps, rank, world):
    """This worker's share of `steps` global steps: batch i of an epoch goes to worker i % world. Epochs follow
    each other until the steps are done; an epoch's last batches that not every worker would get are dropped.
    Yields (epoch, collated batch)."""
    done = 0
    epoch = 0
    while done < steps:
        chunks = make_epoch(epoch)
        usable = len(chunks) - len(chunks) % world
        for index in range(rank, usable, world):
            yield epoch, collate(chunks[index], epoch * 1_000_003 + index)
            if done + index // world + 1 >= steps:
                return
        done += usable // world
        epoch += 1


def pretrain(model, training_set, args, rank, world, gradients):
    """Masked-language-model pre-training on the acceptable training sentences."""
    if args.mlm_steps <= 0:
        return
    head = MaskedLanguageModelHead(model)
    parameters = list(head.parameters())
    optimizer, schedule = optimizer_and_schedule(head.named_parameters(), args.mlm_lr, args.mlm_steps)
    sentences = training_set.sentences()

    def make_epoch(epoch):
        order = list(sentences)
        random.Random(args.seed * 7919 + epoch).shuffle(order)
        return sentence_chunks(order, args.mlm_batch, args.seed * 7919 + epoch)

    def collate(chunk, index):
        return collate_masked(chunk, model.config.vocab_size, args.seed * 7919 + index)

    model.train()
    started = time.time()
    total_loss = 0.0
    for step, (epoch, (input_ids, attention_mask, labels)) in enumerate(
        step_batches(make_epoch, collate, args.mlm_steps, rank, world), start=1
    ):
        loss = head(input_ids, attention_mask, labels)
        gradients.step(loss, optimizer, schedule, parameters)
        total_loss += loss.item()
        if rank == 0 and (step % 500 == 0 or step == args.mlm_steps):
            rate = step * args.mlm_batch * world / (time.time() - started)
            log(
                f"[pre-training] step {step}/{args.mlm_steps} (epoch {epoch + 1}) masked-LM loss "
                f"{total_loss / 500 if step % 500 == 0 else loss.item():.3f}, {rate:.0f} sentences/s"
            )
            total_loss = 0.0


def fine_tune(model, training_set, validation_rows, args, rank, world, gradients, name, steps, learning_rate):
    """Minimal pairs, cross-entropy on both, plus (with --tag-weight > 0) the per-token corruption-tagging loss
    of CorruptionTaggerHead; returns (best validation accuracy, its step) and keeps those weights."""
    tagger = CorruptionTaggerHead(model, torch.Generator().manual_seed(args.seed + 1)) if args.tag_weight > 0 else None
    trained = tagger or model
    parameters = list(trained.parameters())
    optimizer, schedule = optimizer_and_schedule(trained.named_parameters(), learning_rate, steps)

    def make_epoch(epoch):
        seed = args.seed * 1000 + epoch
        return paired_chunks(training_set.epoch(epoch, seed), args.batch, seed)

    model.train()
    started = time.time()
    best = (-1.0, None, 0)
    total_loss = 0.0
    count = 0
    for step, (epoch, (input_ids, attention_mask, labels, marks)) in enumerate(
        step_batches(make_epoch, lambda chunk, _: collate_pairs(chunk), steps, rank, world), start=1
    ):
        if tagger is not None:
            logits, tag_logits = tagger(input_ids, attention_mask)
            keep = attention_mask.to(tag_logits.dtype)
            tagging = torch.nn.functional.binary_cross_entropy_with_logits(tag_logits, marks, reduction="none")
            loss = torch.nn.functional.cross_entropy(logits, labels) + args.tag_weight * (tagging * keep).sum() / keep.sum()
        else:
            loss = torch.nn.functional.cross_entropy(model(input_ids, attention_mask), labels)
        gradients.step(loss, optimizer, schedule, parameters)
        total_loss += loss.item()
        count += 1
        if step % args.eval_every == 0 or step == steps:
            # Every worker holds the same weights, so each computes the same validation accuracy.
            validation, kinds = accuracy(model, validation_rows)
            if rank == 0:
                rate = step * args.batch * world / (time.time() - started)
                per_kind = " ".join(f"{kind[:8]} {value:.3f}" for kind, value in kinds.items())
                log(
                    f"[{name}] step {step}/{steps} (epoch {epoch + 1}) loss {total_loss / count:.4f} "
                    f"validation {validation:.4f} ({per_kind}) {rate:.0f} examples/s"
                )
            total_loss = 0.0
            count = 0
            if validation > best[0]:
                best = (validation, {k: v.detach().clone() for k, v in model.state_dict().items()}, step)
    model.load_state_dict(best[1])
    model.eval()
    return best[0], best[2]


def bundled_config(args):
    """The bundled model's configuration: BERT-tiny's shape, with the dropout it was trained with."""
    return BertConfig(
        vocab_size=args.vocab_size, hidden_dropout_prob=args.dropout, attention_probs_dropout_prob=args.dropout
    )


def worker(rank, world, args, port, result_file):
    torch.set_num_threads(args.threads_per_process)
    if world > 1:
        dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world)
    torch.manual_seed(args.seed)
    training_set = TrainingSet(os.path.join(args.ids_dir, "train.jsonl"))
    validation_rows = read_rows(os.path.join(args.ids_dir, "validation.jsonl"))
    if rank == 0:
        log(
            f"training on {len(training_set.sources)} source sentences: {world} processes x "
            f"{args.threads_per_process} thread(s)"
        )
    gradients = Gradients(world)
    model = BertForSequenceClassification(bundled_config(args))
    started = time.time()
    if args.load_pretrained:
        model.load_state_dict(torch.load(args.load_pretrained))
    else:
        pretrain(model, training_set, args, rank, world, gradients)
        if args.save_pretrained and rank == 0:
            torch.save(model.state_dict(), args.save_pretrained)
    pretrained = time.time() - started
    validation, step = fine_tune(
        model, training_set, validation_rows, args, rank, world, gradients, "bert-tiny", args.steps, args.lr
    )
    if rank == 0:
        log(f"[bert-tiny] kept step {step} (validation accuracy {validation:.4f})")
        torch.save(
            {
                "state_dict": model.state_dict(),
                "validation": validation,
                "step": step,
                "pretraining_seconds": round(pretrained),
                "training_seconds": round(time.time() - started),
            },
            result_file,
        )
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids-dir", required=True)
    parser.add_argument("--vocab-size", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--parity-dir", required=True)
    parser.add_argument("--mlm-steps", type=int, default=env_int("MODEL_MLM_STEPS", 4200))
    parser.add_argument("--mlm-batch", type=int, default=128, help="sentences per worker and step")
    parser.add_argument("--mlm-lr", type=float, default=env_float("MODEL_MLM_LR", 1e-3))
    parser.add_argument("--steps", type=int, default=env_int("MODEL_STEPS", 6000), help="fine-tuning steps")
    parser.add_argument("--batch", type=int, default=64, help="examples (32 pairs) per worker and step")
    parser.add_argument("--lr", type=float, default=env_float("MODEL_LR", 1e-3))
    parser.add_argument("--tag-weight", type=float, default=env_float("MODEL_TAG_WEIGHT", 1.0))
    # Each phase sees a sentence about 1.6 to 4.5 times, far too few to over-fit, so dropout would only slow
    # learning down: without it, the same fine-tuning steps reach about a point more on validation and test.
    parser.add_argument("--dropout", type=float, default=env_float("MODEL_DROPOUT", 0.0))
    parser.add_argument("--eval-every", type=int, default=500)
    parser.add_argument("--save-pretrained", help="write the pre-trained weights here (for experiments)")
    parser.add_argument("--load-pretrained", help="start fine-tuning from these weights instead of pre-training")
    parser.add_argument("--fixture-steps", type=int, default=600)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--processes", type=int, default=env_int("TRAIN_PROCESSES", 2))
    parser.add_argument("--threads", type=int, default=env_int("TORCH_THREADS", 2))
    args = parser.parse_args()
    args.threads_per_process = max(1, args.threads // args.processes)

    started = time.time()
    result_file = os.path.join(args.out, "bert-tiny.pt")
    os.makedirs(args.out, exist_ok=True)
    if args.processes > 1:
        mp.spawn(worker, args=(args.processes, args, free_port(), result_file), nprocs=args.processes, join=True)
    else:
        worker(0, 1, args, 0, result_file)
    result = torch.load(result_file)
    os.remove(result_file)

    torch.set_num_threads(args.threads)
    test_rows = read_rows(os.path.join(args.ids_dir, "test.jsonl"))
    mixed_rows = read_rows(os.path.join(args.ids_dir, "mixed-test.jsonl"))
    model = BertForSequenceClassification(bundled_config(args))
    model.load_state_dict(result["state_dict"])
    model.eval()
    test, test_kinds = accuracy(model, test_rows)
    mixed, mixed_kinds = accuracy(model, mixed_rows)
    log(f"[bert-tiny] test accuracy (torch) {test:.4f} {json.dumps({k: round(v, 3) for k, v in test_kinds.items()})}")
    log(f"[bert-tiny] mixed-test accuracy (torch) {mixed:.4f} {json.dumps({k: round(v, 3) for k, v in mixed_kinds.items()})}")
    log(f"[bert-tiny] trained in {time.time() - started:.0f}s")
    path = export(model, os.path.join(args.out, "model"), ID2LABEL)
    write_parity_reference(model, test_rows, path, os.path.join(args.parity_dir, "model.json"))

    # Fixtures only need the exact interfaces and sensible answers: a narrow model keeps each folder small. Both
    # are exports of the same weights, so the function's tests can expect the same scores from either.
    fixture_started = time.time()
    torch.manual_seed(args.seed)
    training_set = TrainingSet(os.path.join(args.ids_dir, "train.jsonl"))
    validation_rows = read_rows(os.path.join(args.ids_dir, "validation.jsonl"))
    small = BertForSequenceClassification(BertConfig(vocab_size=args.vocab_size, hidden_size=32, intermediate_size=128))
    fixture_args = argparse.Namespace(**{**vars(args), "eval_every": args.fixture_steps})
    fixture_validation, _ = fine_tune(
        small, training_set, validation_rows, fixture_args, 0, 1, Gradients(1), "fixture", args.fixture_steps, 2e-3
    )
    log(f"[fixture] trained in {time.time() - fixture_started:.0f}s")
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
    summary = {
        "seconds": round(time.time() - started),
        "pretraining_seconds": result["pretraining_seconds"],
        "training_seconds": result["training_seconds"],
        "mlm_steps": args.mlm_steps,
        "steps": args.steps,
        "tag_weight": args.tag_weight,
        "kept_step": result["step"],
        "validation": round(result["validation"], 4),
        "test_torch": round(test, 4),
        "mixed_test_torch": round(mixed, 4),
        "mixed_test_kinds": {k: round(v, 4) for k, v in mixed_kinds.items()},
        "fixture_validation": round(fixture_validation, 4),
        "processes": args.processes,
        "threads": args.threads,
    }
    with open(os.path.join(args.out, "training-summary.json"), "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2)


if __name__ == "__main__":
    main()
