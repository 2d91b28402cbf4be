"""CoLA-like corruptions that turn an acceptable sentence into an unacceptable one.

Each corruption works on a token list (words and punctuation kept apart, so punctuation never moves) and returns
None when it cannot apply to the sentence. Every corruption only uses the random generator it is given, so the
whole data set is reproducible from one seed.
"""

import random
import re
from typing import Callable, List, Optional

Tokens = List[str]
Corruption = Callable[[Tokens, random.Random], Optional[Tokens]]

_TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[^\sA-Za-z0-9]")
_WORD_RE = re.compile(r"^[A-Za-z0-9]+(?:['’][A-Za-z]+)*$")

# Contractions and clitics glue to the previous word when the sentence is put back together.
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'", "’"}
_NO_SPACE_AFTER = {"(", "[", "{", "$"}


def tokenize(sentence: str) -> Tokens:
    return _TOKEN_RE.findall(sentence)


def detokenize(tokens: Tokens) -> str:
    out = ""
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += token
    return out


def is_word(token: str) -> bool:
    return bool(_WORD_RE.match(token))


def _word_positions(tokens: Tokens) -> List[int]:
    return [i for i, token in enumerate(tokens) if is_word(token)]


def _same_case(template: str, word: str) -> str:
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# Adverbs move freely ("carefully choreographed" / "choreographed carefully"), so a swap with one of them often
# stays acceptable.
_MOBILE_WORDS = {
    "also", "always", "often", "never", "sometimes", "usually", "now", "then", "here", "there", "today", "yesterday",
    "tomorrow", "together", "again", "once", "soon", "still", "already", "too", "home", "away", "back",
}


def _mobile(word: str) -> bool:
    lower = word.lower()
    return lower in _MOBILE_WORDS or (len(lower) > 4 and lower.endswith("ly"))


def adjacent_swap(tokens: Tokens, rng: random.Random) -> Optional[Tokens]:
    """Swap two neighbouring words ("the cat sat" -> "cat the sat"), neither of them an adverb."""
    candidates = [
        i
        for i in range(len(tokens) - 1)
        if is_word(tokens[i])
        and is_word(tokens[i + 1])
        and tokens[i].lower() != tokens[i + 1].lower()
        and not _mobile(tokens[i])
        and not _mobile(tokens[i + 1])
    ]
    if not candidates:
        return None
    i = rng.choice(candidates)
    out = list(tokens)
    out[i], out[i + 1] = out[i + 1], out[i]
    return out


def shuffle(tokens: Tokens, rng: random.Random) -> Optional[Tokens]:
    """Shuffle all words of the sentence; punctuation stays where it was."""
    positions = _word_positions(tokens)
    if len(positions) < 4:
        return None
    words = [tokens[i].lower() for i in positions]
    for _ in range(10):
        shuffled = list(words)
        rng.shuffle(shuffled)
        # A shuffle that only moves one pair is an adjacent swap, which has its own kind.
        if sum(a != b for a, b in zip(words, shuffled)) >= 3:
            out = list(tokens)
            for i, word in zip(positions, shuffled):
                out[i] = word
            return out
    return None


_AGREEMENT_PAIRS = {
    "is": "are",
    "are": "is",
    "was": "were",
    "were": "was",
    "has": "have",
    "have": "has",
    "does": "do",
    "do": "does",
    "isn't": "aren't",
    "aren't": "isn't",
    "wasn't": "weren't",
    "weren't": "wasn't",
    "doesn't": "don't",
    "don't": "doesn't",
}
_SINGULAR_PRONOUNS = {"he", "she", "it"}
_PLURAL_PRONOUNS = {"they", "we", "i", "you"}
# Words that follow a pronoun but are not a present-tense lexical verb: adding or removing -s there says nothing
# about agreement.
_NOT_PRESENT_VERBS = {
    "is", "was", "has", "does", "are", "were", "have", "had", "do", "did", "will", "would", "can", "could", "shall",
    "should", "may", "might", "must", "also", "always", "often", "never", "just", "still", "only", "really", "all",
    "both", "not", "too", "thus", "perhaps", "sometimes", "usually", "already", "seldom", "rarely", "even", "each",
    "as", "us", "this", "his", "its", "less", "yes", "unless",
}


def _strip_third_person_s(word: str) -> Optional[str]:
    lower = word.lower()
    if len(lower) < 4 or not lower.endswith("s") or lower.endswith("ss") or lower in _NOT_PRESENT_VERBS:
        return None
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "xes", "sses", "oes")):
        return word[:-2]
    return word[:-1]


def _add_third_person_s(word: str) -> Optional[str]:
    lower = word.lower()
    if len(lower) < 2 or lower.endswith(("s", "ed")) or lower in _NOT_PRESENT_VERBS or not lower.isalpha():
        return None
    if lower.endswith(("ch", "sh", "x", "o")):
        return word + "es"
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def agreement_flip(tokens: Tokens, rng: random.Random) -> Optional[Tokens]:
    """Break subject-verb agreement: is/are, was/were, has/have, do/does, or a verb's -s after a pronoun."""
    edits = []
    for i, token in enumerate(tokens):
        lower = token.lower().replace("’", "'")
        if lower in _AGREEMENT_PAIRS:
            edits.append((i, _same_case(token, _AGREEMENT_PAIRS[lower])))
        elif i + 1 < len(tokens) and is_word(tokens[i + 1]):
            following = tokens[i + 1]
            if lower in _SINGULAR_PRONOUNS:
                flipped = _strip_third_person_s(following)
            elif lower in _PLURAL_PRONOUNS:
                flipped = _add_third_person_s(following)
            else:
                flipped = None
            if flipped is not None:
                edits.append((i + 1, flipped))
    if not edits:
        return None
    i, replacement = rng.choice(edits)
    out = list(tokens)
    out[i] = replacement
    return out


# Only words whose loss almost always breaks the sentence. Left out because the sentence usually survives
# without them: "the" before plural and mass nouns ("he admired (the) ampleness"), "been" ("had (been)
# choreographed"), "has"/"have" before a participle ("metastasis (has) rendered"), "will" ("they (will) go"),
# "for" ("waited (for) hours").
_FUNCTION_WORDS = {
    "a", "an", "of", "to", "in", "on", "at", "with", "by", "from", "into", "is", "are", "was", "were", "be",
}
_BE = {"is", "are", "was", "were", "be"}
# "a few", "a little" mean something else without "a" but stay grammatical; "all (of)", "both (of)", "out (of) the
# door", "inside (of)" lose nothing.
_KEEP_BEFORE = {"a": {"few", "little"}, "an": set()}
_KEEP_AFTER = {"of": {"all", "both", "out", "off", "inside", "outside"}}


def _participle_like(word: str) -> bool:
    """Without "was", "was keyed" reads as an active past tense ("keyed"), so such a drop may stay acceptable."""
    return word.lower().endswith(("ed", "en", "wn", "lt", "pt"))


def dropped_function_word(tokens: Tokens, rng: random.Random) -> Optional[Tokens]:
    """Delete one determiner, preposition or auxiliary ("he went to the shop" -> "he went the shop")."""
    # Neither the first nor the last word is dropped: without a leading "the" most sentences stay acceptable
    # ("the wine bottles glugged"), and a sentence-final preposition is rare.
    positions = _word_positions(tokens)
    if len(positions) < 4:
        return None
    candidates = [
        i
        for i in positions[1:-1]
        if tokens[i].lower() in _FUNCTION_WORDS
        and tokens[i + 1].lower() not in _KEEP_BEFORE.get(tokens[i].lower(), ())
        and tokens[i - 1].lower() not in _KEEP_AFTER.get(tokens[i].lower(), ())
        and not (tokens[i].lower() in _BE and _participle_like(tokens[i + 1]))
    ]
    if not candidates:
        return None
    i = rng.choice(candidates)
    return tokens[:i] + tokens[i + 1 :]


# Words that are grammatical when doubled ("had had", "that that", "very very").
_DOUBLE_OK = {"had", "that", "very", "so", "really", "far", "again", "many", "much", "more", "no", "bye", "ha", "well"}


def doubled_word(tokens: Tokens, rng: random.Random) -> Optional[Tokens]:
    """Repeat one word ("the cat sat" -> "the the cat sat")."""
    candidates = [i for i in _word_positions(tokens) if tokens[i].lower() not in _DOUBLE_OK]
    if not candidates:
        return None
    i = rng.choice(candidates)
    return tokens[: i + 1] + [tokens[i].lower()] + tokens[i + 1 :]


_DETERMINER_SWAPS = {
    "this": "these",
    "these": "this",
    "that": "those",
    "those": "that",
    "much": "many",
    "many": "much",
    "a": "an",
    "an": "a",
}
# "much more" and "many more" are both fine.
_NO_DETERMINER_SWAP_BEFORE = {"much": {"more"}, "many": {"more"}}
# For each preposition, replacements that are wrong in nearly every context. A random other preposition is often
# still acceptable ("hid in/on the box", "talk about/of it", "made from/of wood"), which would label acceptable
# sentences as unacceptable.
_WRONG_PREPOSITIONS = {
    "of": ["at", "into"],
    "to": ["of"],
    "in": ["to"],
    "on": ["of"],
    "at": ["of"],
    "for": ["of"],
    "with": ["of"],
    "by": ["of"],
    "from": ["at"],
    "into": ["of"],
}
# "out of", "all of": the preposition belongs to a fixed phrase where the replacement can still read as English.
_NO_PREPOSITION_SWAP_AFTER = {"out", "all", "both", "off"}


def wrong_determiner_or_preposition(tokens: Tokens, rng: random.Random) -> Optional[Tokens]:
    """Replace a determiner by one of the wrong number or form ("these book", "an car"), or a preposition by
    one that does not fit ("interested of", "a cup at tea")."""
    determiners = []
    prepositions = []
    for i, token in enumerate(tokens[:-1]):
        lower = token.lower()
        following = tokens[i + 1].lower()
        if not is_word(tokens[i + 1]):
            continue
        if lower in _DETERMINER_SWAPS and following not in _NO_DETERMINER_SWAP_BEFORE.get(lower, ()):
            determiners.append(i)
        elif lower in _WRONG_PREPOSITIONS and (i == 0 or tokens[i - 1].lower() not in _NO_PREPOSITION_SWAP_AFTER):
            prepositions.append(i)
    # Determiner swaps are almost always ungrammatical, so they come first; prepositions are the fallback.
    if determiners:
        i = rng.choice(determiners)
        replacement = _DETERMINER_SWAPS[tokens[i].lower()]
    elif prepositions:
        i = rng.choice(prepositions)
        replacement = rng.choice(_WRONG_PREPOSITIONS[tokens[i].lower()])
    else:
        return None
    out = list(tokens)
    out[i] = _same_case(tokens[i], replacement)
    return out


CORRUPTIONS: "dict[str, Corruption]" = {
    "adjacent_swap": adjacent_swap,
    "shuffle": shuffle,
    "agreement_flip": agreement_flip,
    "dropped_function_word": dropped_function_word,
    "doubled_word": doubled_word,
    "wrong_determiner_or_preposition": wrong_determiner_or_preposition,
}
