"""Re-export one small classifier in the shapes the importer and the function must accept (issue 15):

  original-export/      as the original pipeline's convert_model_to_onnx.py writes it: opset 10, output `output`,
                        only the batch axis dynamic, sequence length 128; beside it only the tokenizer's vocab.txt
                        (no tokenizer.json, no config.json)
  model-static-1x128/   no dynamic axis at all, [1, 128], in a Hugging Face folder (tokenizer.json, config.json)
  model-dynamic-twin/   the same weights with batch and sequence dynamic, as the bundled model is exported

The weights come from an exported model.onnx (torch_from_onnx.py), so the fixtures can be remade without training;
train.sh runs this after every build.

Usage: python3 make_fixtures.py --source <model folder> --out <fixtures folder>
"""

import argparse
import json
import os
import shutil

import torch

from bert_tiny import TwoInputExport
from onnx_export import OPSET, export, export_onnx
from torch_from_onnx import load_classifier

ORIGINAL_OPSET = 10
SEQUENCE = 128
INPUT_NAMES = ["input_ids", "attention_mask"]


def example(batch):
    """[CLS] two tokens [SEP], padded to SEQUENCE, as the original pipeline's export sample is."""
    ids = torch.zeros(batch, SEQUENCE, dtype=torch.long)
    ids[:, :4] = torch.tensor([2, 10, 11, 3])
    return ids, (ids != 0).long()


def write_vocab_txt(tokenizer_file, out_file):
    """One token per line in id order, as Hugging Face's BertTokenizer saves vocab.txt."""
    with open(tokenizer_file, encoding="utf-8") as handle:
        vocab = json.load(handle)["model"]["vocab"]
    tokens = sorted(vocab, key=vocab.get)
    if [vocab[token] for token in tokens] != list(range(len(tokens))):
        raise ValueError(f"{tokenizer_file}: vocabulary ids are not 0..{len(tokens) - 1}")
    with open(out_file, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(token + "\n" for token in tokens)


def labels_of(config_file):
    with open(config_file, encoding="utf-8") as handle:
        id2label = json.load(handle)["id2label"]
    return [id2label[str(i)] for i in range(len(id2label))]


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", required=True, help="folder with model.onnx, config.json and tokenizer.json")
    parser.add_argument("--out", required=True, help="folder the three fixture folders are written into")
    args = parser.parse_args()

    model, _ = load_classifier(os.path.join(args.source, "model.onnx"))
    tokenizer_file = os.path.join(args.source, "tokenizer.json")
    id2label = labels_of(os.path.join(args.source, "config.json"))
    wrapper = TwoInputExport(model).eval()

    readme_file = os.path.join(args.out, "original-export", "README.md")
    readme = open(readme_file, encoding="utf-8").read() if os.path.exists(readme_file) else None
    original = fresh_dir(os.path.join(args.out, "original-export"))
    batch_axis = {name: {0: "batch_size"} for name in [*INPUT_NAMES, "output"]}
    export_onnx(
        wrapper, example(1), os.path.join(original, "model.onnx"), INPUT_NAMES, "output", batch_axis, ORIGINAL_OPSET
    )
    write_vocab_txt(tokenizer_file, os.path.join(original, "vocab.txt"))
    # The README says the fixture is untrained, with its measured accuracy; keep it across a rebuild.
    if readme is not None:
        with open(os.path.join(original, "README.md"), "w", encoding="utf-8") as handle:
            handle.write(readme)

    static = fresh_dir(os.path.join(args.out, "model-static-1x128"))
    export_onnx(wrapper, example(1), os.path.join(static, "model.onnx"), INPUT_NAMES, "logits", {}, OPSET)
    shutil.copy(os.path.join(args.source, "config.json"), static)
    shutil.copy(tokenizer_file, static)

    twin = fresh_dir(os.path.join(args.out, "model-dynamic-twin"))
    export(model, twin, id2label)
    shutil.copy(tokenizer_file, twin)
    for folder in (original, static, twin):
        size = sum(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder) if name != "README.md")
        print(f"fixture {folder}: {', '.join(sorted(os.listdir(folder)))} ({size:,} bytes)")


if __name__ == "__main__":
    main()
