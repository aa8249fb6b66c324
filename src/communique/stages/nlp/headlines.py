"""Headlines the tagger reads as noun phrases: one verb put in the past and the sentence parsed again.

Agency briefs and headlines drop articles and auxiliaries and tell past acts in the present
("Mali severs diplomatic ties with Ukraine", "Dubai extradites wanted Indian businessman",
"Tajik, Kyrgyz border guards clash"). The tagger, trained on full sentences, often reads the
present-tense verb as a plural noun ("severs/NNS") and the whole line as one noun phrase: no
verb, no subject, no object, and no event. When a parse has no verb at all, the first word after
the subject that the candidate filter knows as an inflection of a trigger verb (the 3rd person
"-s" form, or the bare form after a plural noun) is put in the past ("severed") and the sentence
parsed again; the new parse is kept only when that word is then its verbal root and the tokens
line up one for one. Tokens keep their own text and offsets; tags, lemmas, dependencies and
entities come from the new parse. Past and headline present report the same act.
"""

from __future__ import annotations

from typing import Any

# Tags the tagger gives a headline verb it takes for a noun (or a verb it fails to make the root).
NOUN_TAGS = frozenset({"NNS", "NNPS", "NN", "NNP", "VBZ", "VBP"})
SUBJECT_POS = frozenset({"PROPN", "NOUN", "ADJ", "NUM"})


def headline_rewrite(doc: Any, verbs: Any) -> tuple[int, str] | None:
    """Return (token index, new text) for a headline whose parse ``doc`` has no verbal root, or None.

    ``verbs`` is the wired candidate filter (``verb_lemma``, ``past_form``)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    # A verb the parser hangs on a noun as a modifier ("halts/VBZ/compound aid") heads no clause.
    if root is None or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("compound", "amod") for t in doc):
        return None
    for t in doc:
        if t.i == 0 or t.tag_ not in NOUN_TAGS or not t.text.isalpha() or not t.text[0].islower():
            continue
        prev = doc[t.i - 1]
        if prev.pos_ not in SUBJECT_POS and prev.text != ",":
            continue
        word = t.text.lower()
        lemma = verbs.verb_lemma(word)
        if lemma is None:
            continue
        # "severs" (after any subject), or a bare "clash" after a plural subject ("border guards clash").
        if word == lemma and prev.tag_ not in ("NNS", "NNPS"):
            continue
        if word != lemma and not word.endswith("s"):
            continue
        new = verbs.past_form(lemma)
        text = doc.text
        return t.i, text[:t.idx] + new + text[t.idx + len(t.text):]
    return None


def reparse(nlp: Any, doc: Any, verbs: Any) -> tuple[Any, int] | None:
    """Return (the new parse, the rewritten token's index) when the rewrite makes a verbal root, else None."""
    found = headline_rewrite(doc, verbs)
    if found is None:
        return None
    i, text = found
    new = nlp(text)
    if len(new) != len(doc) or any(a.text != b.text for a, b in zip(doc, new, strict=True) if a.i != i):
        return None
    if new[i].pos_ != "VERB" or new[i].dep_ != "ROOT":
        return None
    return new, i
