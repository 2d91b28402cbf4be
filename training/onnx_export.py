"""ONNX export of a trained classifier, its config.json, and the torch logits the parity check compares against."""

import json
import os

import onnx
import torch

from bert_tiny import ThreeInputExport, TwoInputExport
from token_data import pad_batch

OPSET = 14
PARITY_BATCH = 64


def export(model, out_dir, id2label, output_name="logits", with_token_type_ids=False):
    """Writes model.onnx (batch and sequence axes dynamic) and config.json to out_dir."""
    model.eval()
    os.makedirs(out_dir, exist_ok=True)
    wrapper = ThreeInputExport(model) if with_token_type_ids else TwoInputExport(model)
    input_names = ["input_ids", "attention_mask"] + (["token_type_ids"] if with_token_type_ids else [])
    example_ids, example_mask = pad_batch([[2, 10, 11, 3], [2, 12, 3]])
    example = (example_ids, example_mask) + ((torch.zeros_like(example_ids),) if with_token_type_ids else ())
    dynamic_axes = {name: {0: "batch", 1: "sequence"} for name in input_names}
    dynamic_axes[output_name] = {0: "batch"}
    path = os.path.join(out_dir, "model.onnx")
    export_onnx(wrapper, example, path, input_names, output_name, dynamic_axes, OPSET)
    write_config(model, out_dir, id2label)
    return path


def export_onnx(wrapper, example, path, input_names, output_name, dynamic_axes, opset):
    """torch.onnx.export with constant folding, then the ONNX checker; axes not in dynamic_axes keep the example's
    size, as the original pipeline's export keeps its sequence length of 128."""
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            example,
            path,
            input_names=input_names,
            output_names=[output_name],
            dynamic_axes=dynamic_axes,
            opset_version=opset,
            do_constant_folding=True,
        )
    onnx.checker.check_model(onnx.load(path))


def write_config(model, out_dir, id2label):
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as handle:
        json.dump(model.config.to_hf_dict(id2label), handle, indent=2)
        handle.write("\n")


def write_parity_reference(model, rows, model_path, out_file, with_token_type_ids=False):
    """Torch logits for every row, in the padded batches the parity check feeds to onnxruntime-node."""
    model.eval()
    batches = []
    with torch.no_grad():
        for start in range(0, len(rows), PARITY_BATCH):
            input_ids, attention_mask = pad_batch([row["input_ids"] for row in rows[start : start + PARITY_BATCH]])
            token_type_ids = torch.zeros_like(input_ids)
            logits = model(input_ids, attention_mask, token_type_ids)
            batch = {"input_ids": input_ids.tolist(), "attention_mask": attention_mask.tolist()}
            if with_token_type_ids:
                batch["token_type_ids"] = token_type_ids.tolist()
            batch["logits"] = logits.tolist()
            batches.append(batch)
    os.makedirs(os.path.dirname(out_file), exist_ok=True)
    with open(out_file, "w", encoding="utf-8") as handle:
        json.dump({"model": os.path.abspath(model_path), "batches": batches}, handle)
