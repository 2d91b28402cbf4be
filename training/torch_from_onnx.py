"""Rebuild the PyTorch classifier (bert_tiny.BertForSequenceClassification) from an exported model.onnx.

Used where the weights are needed in torch again without retraining: re-exporting them in other shapes
(make_fixtures.py) and computing reference logits with torch rather than onnxruntime (golden.py).

torch.onnx.export keeps a parameter's name as its initializer's name when the graph uses it as it is (embeddings,
LayerNorm, biases, the pooler's and classifier's Gemm weights). A Linear applied to a 3-D tensor becomes MatMul
then Add, and constant folding stores the transposed weight under a generated name (`onnx::MatMul_337`): its
owner is found through the graph, as the MatMul whose output is added to that Linear's named bias.
"""

import json
import os
import re

import onnx
import torch
from onnx import numpy_helper

from bert_tiny import BertConfig, BertForSequenceClassification

# Everything up to "bert." or "classifier.": export wrappers add their own prefix ("model.").
_PREFIX = re.compile(r"^.*?(?=(bert|classifier)\.)")


def _strip_prefix(name):
    return _PREFIX.sub("", name, count=1)


def _matmul_weights(graph, initializers):
    """{parameter name of a Linear's weight: tensor} for the weights stored transposed under generated names."""
    matmul_weight = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in initializers:
            matmul_weight[node.output[0]] = node.input[1]
    found = {}
    for node in graph.node:
        if node.op_type != "Add":
            continue
        bias = next((name for name in node.input if name.endswith(".bias") and name in initializers), None)
        product = next((name for name in node.input if name in matmul_weight), None)
        if bias is None or product is None:
            continue
        weight = torch.from_numpy(numpy_helper.to_array(initializers[matmul_weight[product]]).copy())
        found[_strip_prefix(bias[: -len(".bias")] + ".weight")] = weight.T.contiguous()
    return found


def _config_from_weights(state, config_json):
    """BertConfig from the tensors' shapes; what shapes cannot tell (heads, epsilon) from config.json."""
    word = state["bert.embeddings.word_embeddings.weight"]
    layer_names = (re.match(r"bert\.encoder\.layer\.(\d+)\.", name) for name in state)
    layers = {int(match.group(1)) for match in layer_names if match}
    config = BertConfig(
        vocab_size=word.shape[0],
        hidden_size=word.shape[1],
        num_hidden_layers=len(layers),
        num_attention_heads=config_json["num_attention_heads"],
        intermediate_size=state["bert.encoder.layer.0.intermediate.dense.bias"].shape[0],
        max_position_embeddings=state["bert.embeddings.position_embeddings.weight"].shape[0],
        type_vocab_size=state["bert.embeddings.token_type_embeddings.weight"].shape[0],
        layer_norm_eps=config_json.get("layer_norm_eps", 1e-12),
        pad_token_id=config_json.get("pad_token_id", 0),
        num_labels=state["classifier.bias"].shape[0],
    )
    return config


def load_classifier(model_path, config_path=None):
    """(model in eval mode, BertConfig) with the weights of model_path; config_path defaults to the config.json
    beside it. Fails naming the parameters the ONNX file does not hold."""
    if config_path is None:
        config_path = os.path.join(os.path.dirname(model_path), "config.json")
    with open(config_path, encoding="utf-8") as handle:
        config_json = json.load(handle)
    if "num_attention_heads" not in config_json:
        raise ValueError(f"{config_path}: needs num_attention_heads (the weights' shapes do not tell it)")
    graph = onnx.load(model_path).graph
    initializers = {tensor.name: tensor for tensor in graph.initializer}
    state = {
        _strip_prefix(name): torch.from_numpy(numpy_helper.to_array(tensor).copy())
        for name, tensor in initializers.items()
        if _PREFIX.match(name)
    }
    state.update(_matmul_weights(graph, initializers))
    model = BertForSequenceClassification(_config_from_weights(state, config_json))
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    if missing:
        raise ValueError(f"{model_path}: no initializer for {', '.join(missing)}")
    model.load_state_dict({name: state[name] for name in expected})
    model.eval()
    return model, model.config
