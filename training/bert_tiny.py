"""BERT for sequence classification in plain torch (the `transformers` library is not available here).

Parameter names follow Hugging Face's BertForSequenceClassification, so a state dict saved from this module loads
into `transformers` unchanged, and config.json uses the same keys.
"""

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class BertConfig:
    vocab_size: int
    hidden_size: int = 128
    num_hidden_layers: int = 2
    num_attention_heads: int = 2
    intermediate_size: int = 512
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    layer_norm_eps: float = 1e-12
    initializer_range: float = 0.02
    pad_token_id: int = 0
    num_labels: int = 2

    def to_hf_dict(self, id2label):
        """config.json in the Hugging Face layout."""
        values = asdict(self)
        del values["num_labels"]
        return {
            "architectures": ["BertForSequenceClassification"],
            "model_type": "bert",
            **values,
            "hidden_act": "gelu",
            "position_embedding_type": "absolute",
            "classifier_dropout": None,
            "problem_type": "single_label_classification",
            "id2label": {str(i): label for i, label in enumerate(id2label)},
            "label2id": {label: i for i, label in enumerate(id2label)},
        }


class BertEmbeddings(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.word_embeddings = nn.Embedding(config.vocab_size, config.hidden_size, padding_idx=config.pad_token_id)
        self.position_embeddings = nn.Embedding(config.max_position_embeddings, config.hidden_size)
        self.token_type_embeddings = nn.Embedding(config.type_vocab_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.register_buffer(
            "position_ids", torch.arange(config.max_position_embeddings).unsqueeze(0), persistent=False
        )

    def forward(self, input_ids, token_type_ids):
        positions = self.position_ids[:, : input_ids.shape[1]]
        embeddings = (
            self.word_embeddings(input_ids)
            + self.position_embeddings(positions)
            + self.token_type_embeddings(token_type_ids)
        )
        return self.dropout(self.LayerNorm(embeddings))


class BertSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.num_heads = config.num_attention_heads
        self.head_size = config.hidden_size // config.num_attention_heads
        self.query = nn.Linear(config.hidden_size, config.hidden_size)
        self.key = nn.Linear(config.hidden_size, config.hidden_size)
        self.value = nn.Linear(config.hidden_size, config.hidden_size)
        self.dropout = nn.Dropout(config.attention_probs_dropout_prob)

    def _heads(self, x):
        batch, length, _ = x.shape
        return x.view(batch, length, self.num_heads, self.head_size).transpose(1, 2)

    def forward(self, hidden, additive_mask):
        query, key, value = self._heads(self.query(hidden)), self._heads(self.key(hidden)), self._heads(self.value(hidden))
        scores = query @ key.transpose(-1, -2) / math.sqrt(self.head_size) + additive_mask
        context = self.dropout(scores.softmax(dim=-1)) @ value
        batch, _, length, _ = context.shape
        return context.transpose(1, 2).reshape(batch, length, self.num_heads * self.head_size)


class BertSelfOutput(nn.Module):
    def __init__(self, config, input_size):
        super().__init__()
        self.dense = nn.Linear(input_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)

    def forward(self, hidden, residual):
        return self.LayerNorm(self.dropout(self.dense(hidden)) + residual)


class BertAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.self = BertSelfAttention(config)
        self.output = BertSelfOutput(config, config.hidden_size)

    def forward(self, hidden, additive_mask):
        return self.output(self.self(hidden, additive_mask), hidden)


class BertIntermediate(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.intermediate_size)

    def forward(self, hidden):
        # Exact (erf) GELU, as BERT's "gelu".
        return nn.functional.gelu(self.dense(hidden))


class BertLayer(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.attention = BertAttention(config)
        self.intermediate = BertIntermediate(config)
        self.output = BertSelfOutput(config, config.intermediate_size)

    def forward(self, hidden, additive_mask):
        attended = self.attention(hidden, additive_mask)
        return self.output(self.intermediate(attended), attended)


class BertEncoder(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.layer = nn.ModuleList(BertLayer(config) for _ in range(config.num_hidden_layers))

    def forward(self, hidden, additive_mask):
        for layer in self.layer:
            hidden = layer(hidden, additive_mask)
        return hidden


class BertPooler(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)

    def forward(self, hidden):
        return torch.tanh(self.dense(hidden[:, 0]))


class BertModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.embeddings = BertEmbeddings(config)
        self.encoder = BertEncoder(config)
        self.pooler = BertPooler(config)

    def sequence_output(self, input_ids, attention_mask, token_type_ids):
        hidden = self.embeddings(input_ids, token_type_ids)
        # Padding positions get the most negative float, so softmax gives them zero weight.
        keep = attention_mask[:, None, None, :].to(hidden.dtype)
        additive_mask = (1.0 - keep) * torch.finfo(hidden.dtype).min
        return self.encoder(hidden, additive_mask)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.pooler(self.sequence_output(input_ids, attention_mask, token_type_ids))


class BertForSequenceClassification(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.bert = BertModel(config)
        self.dropout = nn.Dropout(config.hidden_dropout_prob)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        # BERT's initialisation: normal(0, 0.02) weights, zero biases, unit LayerNorm.
        if isinstance(module, (nn.Linear, nn.Embedding)):
            module.weight.data.normal_(mean=0.0, std=self.config.initializer_range)
        if isinstance(module, nn.Linear) and module.bias is not None:
            module.bias.data.zero_()
        if isinstance(module, nn.Embedding) and module.padding_idx is not None:
            module.weight.data[module.padding_idx].zero_()
        if isinstance(module, nn.LayerNorm):
            module.weight.data.fill_(1.0)
            module.bias.data.zero_()

    def forward(self, input_ids, attention_mask, token_type_ids=None):
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        return self.classifier(self.dropout(self.bert(input_ids, attention_mask, token_type_ids)))


class MaskedLanguageModelHead(nn.Module):
    """BERT's pre-training head (dense, GELU, LayerNorm, then the word embeddings as output layer), used only for
    masked-language-model pre-training: it is not part of the classifier and is not exported."""

    def __init__(self, model):
        super().__init__()
        config = model.config
        self.model = model
        self.dense = nn.Linear(config.hidden_size, config.hidden_size)
        self.LayerNorm = nn.LayerNorm(config.hidden_size, eps=config.layer_norm_eps)
        self.bias = nn.Parameter(torch.zeros(config.vocab_size))
        self.dense.weight.data.normal_(mean=0.0, std=config.initializer_range)
        self.dense.bias.data.zero_()

    def forward(self, input_ids, attention_mask, labels):
        """Cross-entropy of the predictions at the positions where labels are not -100."""
        hidden = self.model.bert.sequence_output(input_ids, attention_mask, torch.zeros_like(input_ids))
        chosen = labels != -100
        transformed = self.LayerNorm(nn.functional.gelu(self.dense(hidden[chosen])))
        logits = transformed @ self.model.bert.embeddings.word_embeddings.weight.T + self.bias
        return nn.functional.cross_entropy(logits, labels[chosen])


class CorruptionTaggerHead(nn.Module):
    """A per-token "is this token where the sentence was corrupted?" output (ELECTRA's replaced-token detection,
    with the corruptions as the replacements), used only while fine-tuning: every token gets a training signal,
    not only [CLS], so the encoder learns where a sentence goes wrong from far fewer examples. It is not exported.
    Its weights are drawn from `generator`, so every worker process starts from the same ones."""

    def __init__(self, model, generator):
        super().__init__()
        config = model.config
        self.model = model
        self.tag = nn.Linear(config.hidden_size, 1)
        with torch.no_grad():
            self.tag.weight.copy_(torch.randn(self.tag.weight.shape, generator=generator) * config.initializer_range)
            self.tag.bias.zero_()

    def forward(self, input_ids, attention_mask):
        """(sequence logits as the classifier computes them, per-token corruption logits)."""
        model = self.model
        hidden = model.bert.sequence_output(input_ids, attention_mask, torch.zeros_like(input_ids))
        logits = model.classifier(model.dropout(model.bert.pooler(hidden)))
        return logits, self.tag(hidden).squeeze(-1)


class TwoInputExport(nn.Module):
    """The deployed signature: input_ids and attention_mask (token type 0 for single sentences)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model(input_ids, attention_mask, torch.zeros_like(input_ids))


class ThreeInputExport(nn.Module):
    """The Hugging Face export signature: also token_type_ids."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.model(input_ids, attention_mask, token_type_ids)
