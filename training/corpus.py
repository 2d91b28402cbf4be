"""Acceptable English sentences from text that Debian packages install.

Each source is a function that yields paragraphs (or, for WordNet, finished sentences) from the files of one
Debian package; `sentences` splits paragraphs into sentences and `acceptable` keeps only those that look like a
complete, plain English sentence. The licences of every source are listed in models/README.md.

Reading is deterministic: files are read in sorted order, and nothing depends on hashing or file-system order.
"""

import glob
import gzip
import html.parser
import os
import re
from typing import Iterator

from corruptions import is_word, tokenize

WORDNET_DATA_FILES = ["data.noun", "data.verb", "data.adj", "data.adv"]
MIN_WORDS = 4
MAX_WORDS = 30

# Plain English characters only: no quotes, no code (no _ = / < > { } [ ] # @ * | ~ ^ `), no non-ASCII.
_ALLOWED_CHARS_RE = re.compile(r"^[A-Za-z0-9 ,.;:!?'’()$%-]+$")
_QUOTED_RE = re.compile(r'"([^"]+)"')
_SPACES_RE = re.compile(r"\s+")
# Typographic characters that have a plain ASCII equivalent.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": " - ",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
# A sentence ends at . ! or ? followed by a space and a capital letter, unless the word before the full stop is an
# abbreviation or an initial (those sentences are dropped later anyway when the split goes wrong).
_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_ABBREVIATION_RE = re.compile(
    r"(?:\b(?:[A-Za-z]|Mr|Mrs|Ms|Dr|St|Prof|Jr|Sr|vs|etc|No|Vol|ch|cf|viz|approx|ca|i\.e|e\.g|Fig|Sec|Inc|Ltd|Co)\.)$"
)
# Left-overs of a bad split, abbreviations and markup that make a sentence unreliable as an example.
_SUSPICIOUS_RE = re.compile(
    r"\.\S|\.\s+[a-z]|\b(?:e\.g|i\.e|etc|cf|viz|vs|Mr|Mrs|Dr|St|Fig|Sec)\b|\(\s*\)|--|\.\.|::|\s[;:,.!?]|^\W"
)
# Archaic forms that modern English does not use (the Webster quotations and the King James style).
_ARCHAIC_RE = re.compile(
    r"\b(?:thee|thou|thy|thine|ye|hath|doth|dost|hast|art thou|shalt|wilt|wouldst|couldst|shouldst|canst|"
    r"ere|'tis|'twas|o'er|e'er|ne'er|whilst|hither|thither|whither|wherefore|unto|nay|yea)\b",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    return _SPACES_RE.sub(" ", text.translate(_TYPOGRAPHY)).strip()


def words_of(sentence: str) -> list:
    return [token for token in tokenize(sentence) if is_word(token)]


def plain_enough(sentence: str) -> bool:
    """Plain English characters and 4-30 words: the rule the WordNet examples are kept by."""
    if not _ALLOWED_CHARS_RE.match(sentence) or not sentence[:1].isalnum():
        return False
    return MIN_WORDS <= len(words_of(sentence)) <= MAX_WORDS


def acceptable(sentence: str) -> bool:
    """A complete sentence of running text: capital first, a full stop (or ! ?) last, plain characters, 4-30
    words, balanced parentheses, few capitalised words (headings and names lists are not sentences), no
    abbreviations, code or archaic forms."""
    if not plain_enough(sentence):
        return False
    if not re.match(r"^[A-Z](?:[a-z']|\s)", sentence) or sentence[-1] not in ".!?" or sentence[-2:-1] in " .":
        return False
    if sentence.count("(") != sentence.count(")") or _SUSPICIOUS_RE.search(sentence[:-1] + " "):
        return False
    if _ARCHAIC_RE.search(sentence):
        return False
    words = words_of(sentence)
    capitalised = sum(1 for word in words[1:] if word[:1].isupper() and word != "I")
    digits = sum(1 for word in words if any(c.isdigit() for c in word))
    if capitalised > max(1, len(words) // 5) or digits > 1:
        return False
    # Shouting, lists of symbols, long letter runs: not prose.
    if any(len(word) > 20 or (len(word) > 1 and word.isupper() and len(word) > 5) for word in words):
        return False
    return True


def sentences(paragraph: str) -> Iterator[str]:
    """Split a paragraph of running text into sentences."""
    paragraph = normalise(paragraph)
    pieces = _SPLIT_RE.split(paragraph)
    current = ""
    for piece in pieces:
        current = f"{current} {piece}" if current else piece
        if _ABBREVIATION_RE.search(current):
            continue
        yield current
        current = ""
    if current:
        yield current


# ---------------------------------------------------------------------------------------------------- WordNet


def wordnet_glosses(wordnet_dir: str) -> Iterator[tuple]:
    """(definitions, examples) of every synset gloss: the text before the quoted examples, split at ";", and the
    quoted examples themselves."""
    for name in WORDNET_DATA_FILES:
        with open(os.path.join(wordnet_dir, name), encoding="utf-8") as handle:
            for line in handle:
                # The licence header lines start with two spaces; synset lines carry the gloss after " | ".
                if line.startswith("  ") or " | " not in line:
                    continue
                gloss = line.split(" | ", 1)[1].strip()
                examples = [match.group(1).strip() for match in _QUOTED_RE.finditer(gloss)]
                definitions = [part.strip() for part in _QUOTED_RE.sub(" ", gloss).split(";")]
                yield [d for d in definitions if d], examples


def wordnet_examples(glosses) -> Iterator[str]:
    """The quoted examples of `glosses` (wordnet_glosses' output)."""
    for _, examples in glosses:
        yield from examples


def wordnet_definitions(glosses) -> Iterator[str]:
    """Definitions are noun, verb or adjective phrases ("a person who sells goods"): grammatical fragments, just
    like many of the examples."""
    for definitions, _ in glosses:
        for definition in definitions:
            definition = normalise(definition)
            # "(plural) a ...", "(botany) ..." usage labels are not part of the phrase.
            definition = re.sub(r"^\([^)]*\)\s*", "", definition)
            if plain_enough(definition) and "(" not in definition and not _SUSPICIOUS_RE.search(definition + " "):
                yield definition


# ---------------------------------------------------------------------------------------------- other sources


class _ParagraphHTMLParser(html.parser.HTMLParser):
    """Text of every paragraph, <p> or DocBook's <div class="para"> (inline markup kept as text; <pre>, tables
    and nested blocks skipped)."""

    _SKIPPED = ("pre", "script", "style", "table", "ul", "ol", "dl")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self._open = []  # the tag that opened the current paragraph, then nested blocks
        self._skip = 0
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIPPED:
            self._skip += 1
        elif not self._open:
            if tag == "p" or (tag == "div" and ("class", "para") in attrs):
                self._open = [tag]
                self._text = []
        elif tag in ("p", "div"):
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._SKIPPED and self._skip:
            self._skip -= 1
        elif self._open and tag == self._open[-1]:
            self._open.pop()
            if not self._open:
                self.paragraphs.append("".join(self._text))

    def handle_data(self, data):
        if self._open and not self._skip:
            self._text.append(data)


def html_paragraphs(pattern: str) -> Iterator[str]:
    for path in sorted(glob.glob(pattern)):
        parser = _ParagraphHTMLParser()
        with open(path, encoding="utf-8", errors="replace") as handle:
            parser.feed(handle.read())
        yield from parser.paragraphs


_REST_ROLE_RE = re.compile(r":[a-z:]+:`!?~?([^`<]*?)(?:\s*<[^>]*>)?`")
_REST_LINK_RE = re.compile(r"`([^`<]*?)(?:\s*<[^>]*>)?`_+")


def rest_paragraphs(pattern: str) -> Iterator[str]:
    """Prose paragraphs of reStructuredText sources: unindented blocks that are not headings, directives,
    comments, tables or code; inline roles and literals reduced to their text."""
    for path in sorted(glob.glob(pattern, recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as handle:
            blocks = handle.read().split("\n\n")
        for block in blocks:
            lines = block.strip("\n").split("\n")
            if not lines or not lines[0] or lines[0][0].isspace():
                continue
            if any(re.match(r"^\s*(?:\.\.|[=\-~^*#+`:|>]{2,}|>>>|\$ )", line) for line in lines):
                continue
            text = " ".join(line.strip() for line in lines)
            text = _REST_ROLE_RE.sub(r"\1", text)
            text = _REST_LINK_RE.sub(r"\1", text)
            text = text.replace("``", "").replace("**", "").replace("*", "")
            yield text


def text_paragraphs(text: str, min_indent: int = 0, max_indent: int = 4) -> Iterator[str]:
    """Blank-line separated paragraphs whose first line is indented by min_indent to max_indent spaces (deeper
    indentation is verse, quotations or code)."""
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").split("\n")
        first = lines[0] if lines else ""
        indent = len(first) - len(first.lstrip(" "))
        if not first.strip() or not (min_indent <= indent <= max_indent) or "\t" in block:
            continue
        yield " ".join(line.strip() for line in lines)


def read_gzip(path: str) -> str:
    with gzip.open(path, "rb") as handle:
        return handle.read().decode("utf-8", errors="replace")


def gcide_paragraphs(path: str) -> Iterator[str]:
    """Definitions and usage notes of the GNU Collaborative International Dictionary of English (Webster's 1913
    with later additions). Entries taken from WordNet are skipped (WordNet is a source of its own, and its
    examples are the test split); so are quotations, which are indented verse or archaic prose."""
    for paragraph in text_paragraphs(read_gzip(path), min_indent=3, max_indent=6):
        if "WordNet" in paragraph or "PJC" in paragraph or paragraph.startswith(("Syn:", "Syn.")):
            continue
        paragraph = re.sub(r"\[[^\]]*\]", " ", paragraph)  # [1913 Webster], [Obs.], etymologies
        paragraph = re.sub(r"\{([^}]*)\}", r"\1", paragraph)  # {cross references}
        paragraph = re.sub(r"^\d+\.\s*", "", paragraph)  # sense numbers
        paragraph = re.sub(r"^(?:\([A-Z][a-z]*\.?(?: [A-Za-z.]+)?\)\s*)+", "", paragraph)  # (Mus.), (Zool.)
        paragraph = re.sub(r"^Note:\s*", "", paragraph)
        paragraph = re.sub(r"--\s*[A-Z][\w. ]*\.?$", "", paragraph)  # trailing attribution
        yield paragraph


def fortunes(directory: str) -> Iterator[str]:
    """Fortune cookies: one paragraph each, attribution lines ("-- Mark Twain") removed. The offensive
    collection is a separate package (fortunes-off) and not used."""
    for path in sorted(glob.glob(os.path.join(directory, "*.u8"))):
        with open(path, encoding="utf-8", errors="replace") as handle:
            entries = handle.read().split("\n%\n")
        for entry in entries:
            lines = [line for line in entry.split("\n") if not re.match(r"^\s*--", line)]
            # Verse and dialogue are set line by line; prose wraps, so a short line inside an entry is a hint.
            if any(re.match(r"^\s*[A-Z][A-Za-z ]*:\s", line) for line in lines):
                continue
            yield " ".join(line.strip() for line in lines)


def devil_paragraphs(path: str) -> Iterator[str]:
    """Ambrose Bierce's The Devil's Dictionary (1911): definitions and commentary, headwords removed."""
    for paragraph in text_paragraphs(read_gzip(path), max_indent=0):
        yield re.sub(r"^[A-Z][A-Z '-]*,\s*[a-z.]+\s+", "", paragraph)


def jargon_paragraphs(path: str) -> Iterator[str]:
    """The Jargon File 4.4.7: entries' running text, headword lines and cross-reference braces removed."""
    for paragraph in text_paragraphs(read_gzip(path), min_indent=3, max_indent=3):
        if paragraph.startswith(":"):
            continue
        yield re.sub(r"\{([^}]*)\}", r"\1", paragraph)


_POD_CODE_RE = re.compile(r"[A-Z]<+\s*([^<>]*?)\s*>+")


def pod_paragraphs(pattern: str) -> Iterator[str]:
    """Perl's documentation (POD): ordinary paragraphs, formatting codes reduced to their text (L<text|link> to
    its text); commands (=head1, =item) and verbatim (indented) paragraphs skipped."""
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8", errors="replace") as handle:
            blocks = re.split(r"\n\s*\n", handle.read())
        for block in blocks:
            if not block or block[0].isspace() or block.startswith("="):
                continue
            for _ in range(3):  # nested codes
                block = _POD_CODE_RE.sub(lambda m: m.group(1).split("|")[0], block)
            yield " ".join(line.strip() for line in block.split("\n"))




_FREECIV_STRING_RE = re.compile(r'(?:legend|helptext)\s*=\s*((?:_\("(?:[^"\\]|\\.)*"\)\s*,?\s*)+)', re.S)
_FREECIV_PART_RE = re.compile(r'_\("((?:[^"\\]|\\.)*)"\)', re.S)


def freeciv_paragraphs(pattern: str) -> Iterator[str]:
    """Freeciv's rulesets: the nations' legends and the help texts of units, buildings, technologies."""
    for path in sorted(glob.glob(pattern, recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        for match in _FREECIV_STRING_RE.finditer(text):
            for part in _FREECIV_PART_RE.finditer(match.group(1)):
                yield part.group(1).replace("\\\n", "").replace('\\"', '"').replace("\\n", " ")


def files(read, *pattern):
    """A reader of the files matching `pattern` under a source's root (`**` matches any depth)."""
    return lambda root: read(os.path.join(root, *pattern))


# Each source: name, Debian package, where it is read from, and a function of that place yielding paragraphs.
SOURCES = [
    ("python-docs", "python3.11-doc", "/usr/share/doc/python3.11/html/_sources",
     files(rest_paragraphs, "**", "*.rst.txt")),
    ("debian-handbook", "debian-handbook", "/usr/share/doc/debian-handbook/html/en-US",
     files(html_paragraphs, "*.html")),
    ("debian-reference", "debian-reference-en", "/usr/share/debian-reference", files(html_paragraphs, "*.en.html")),
    ("gcide", "dict-gcide", "/usr/share/dictd/gcide.dict.dz", gcide_paragraphs),
    ("fortunes", "fortunes", "/usr/share/games/fortunes", fortunes),
    ("devils-dictionary", "dict-devil", "/usr/share/dictd/devil.dict.dz", devil_paragraphs),
    ("jargon-file", "jargon-text", "/usr/share/doc/jargon-text/jargon.txt.gz", jargon_paragraphs),
    ("perl-docs", "perl-doc", "/usr/share/perl/5.36/pod", files(pod_paragraphs, "*.pod")),
    # GNOME's help pages are Mallard XML, whose <p> elements the HTML reader takes as they are.
    ("gnome-help", "gnome-user-docs", "/usr/share/help/C", files(html_paragraphs, "*", "*.page")),
    ("freeciv", "freeciv-data", "/usr/share/games/freeciv", files(freeciv_paragraphs, "**", "*.ruleset")),
    ("debian-policy", "debian-policy", "/usr/share/doc/debian-policy/policy.html/_sources",
     files(rest_paragraphs, "*.rst.txt")),
    ("developers-reference", "developers-reference", "/usr/share/developers-reference/_sources",
     files(rest_paragraphs, "*.rst.txt")),
]


def source_sentences(read, root) -> Iterator[str]:
    for paragraph in read(root):
        for sentence in sentences(paragraph):
            if acceptable(sentence):
                yield sentence
