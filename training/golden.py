"""Golden reference for the served scores (issue 12): sentences, their token ids, and the logits PyTorch computes
for them, so `npm test` can check the function against an implementation it shares no code with.

  golden.py sentences --test <test.jsonl> --out <golden.jsonl>
      the sentences: the first rows of the committed test split (every corruption kind), plus strings that
      stress tokenisation (accents, CJK, emoji, whitespace and format characters, long words, more than 128
      tokens); each one a request the function accepts
  golden.py logits --ids <golden.jsonl with input_ids> --model <model folder> --out <golden.json>
      torch logits for each sentence, one at a time and unpadded, from the weights of <model folder>/model.onnx
      loaded into the PyTorch module (torch_from_onnx.py); the ids come from the training side's tokenisation
      (encode-splits.ts, as the model was trained on)
"""

import argparse
import hashlib
import json
import os

import torch

from token_data import read_rows
from torch_from_onnx import load_classifier

TEST_ROWS = 48
HARD_SENTENCES = [
    "Café déjà vu: a naïve résumé of the rôle",
    "我爱北京天安门 and 日本語のテキスト",
    "I love 🤗 and 👍🏽 emoji!",
    "tab\there\r\nnew line\u00a0no-break space\u200bzero width",
    "a" * 101 + " is too long to be one word",
    "supercalifragilisticexpialidocious is a long word",
    "the [MASK] sat on the mat",
    "ALL CAPITALS SHOULD NOT MATTER HERE",
    " ".join(["the cat sat on the mat"] * 30),
]


def write_sentences(args):
    rows = read_rows(args.test)[:TEST_ROWS]
    sentences = [row["sentence"] for row in rows] + HARD_SENTENCES
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"sentence": sentence}, ensure_ascii=False) + "\n" for sentence in sentences)


def write_logits(args):
    model_file = os.path.join(args.model, "model.onnx")
    model, _ = load_classifier(model_file)
    with open(os.path.join(args.model, "config.json"), encoding="utf-8") as handle:
        id2label = json.load(handle)["id2label"]
    with open(model_file, "rb") as handle:
        sha256 = hashlib.sha256(handle.read()).hexdigest()
    sentences = []
    with torch.no_grad():
        for row in read_rows(args.ids):
            ids = torch.tensor([row["input_ids"]])
            logits = model(ids, torch.ones_like(ids))[0]
            sentences.append({"sentence": row["sentence"], "input_ids": row["input_ids"], "logits": logits.tolist()})
    golden = {
        "about": "PyTorch logits for model.onnx's weights (training/golden.py); remade by npm run model:references",
        "model": os.path.relpath(args.model, args.root),
        "sha256": sha256,
        "labels": [id2label[str(i)] for i in range(len(id2label))],
        "sentences": sentences,
    }
    # One sentence per line, so a rebuild's diff shows which sentences moved.
    head = json.dumps({**golden, "sentences": []}, ensure_ascii=False, indent=1)[: -len("[]\n}")]
    lines = ",\n  ".join(json.dumps(sentence, ensure_ascii=False) for sentence in sentences)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(f"{head}[\n  {lines}\n ]\n}}\n")
    print(f"golden: {len(sentences)} sentences, torch logits of {model_file} -> {args.out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    sentences = commands.add_parser("sentences")
    sentences.add_argument("--test", required=True)
    sentences.add_argument("--out", required=True)
    logits = commands.add_parser("logits")
    logits.add_argument("--ids", required=True)
    logits.add_argument("--model", required=True)
    logits.add_argument("--out", required=True)
    logits.add_argument("--root", default=".", help="paths in the file are relative to this folder")
    args = parser.parse_args()
    {"sentences": write_sentences, "logits": write_logits}[args.command](args)


if __name__ == "__main__":
    main()
