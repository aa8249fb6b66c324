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
    if root is None or root.pos_ in ("VERB", "AUX"):
        return None
    # A verb the parser hangs on a noun as a modifier ("halts/VBZ/compound aid") heads no clause. With
    # another verb in the line, only the root itself may be the verb read as a noun ("Ethiopia rebuffs/NNS
    # Egyptian call/VBP for ...").
    clause_verbs = any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("compound", "amod") for t in doc)
    for t in ([root] if clause_verbs else doc):
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


def repair(tokens: list) -> None:
    """Mend, in place, two headline parses of a sentence's tokens (``core.article.Token``):

    - a verbal root with no subject whose left modifier is a noun or adjective ("Sudanese army/compound
      bombs RSF positions", "Swiss/amod freeze more Russian assets"): the modifier is its subject;
    - a passive told without its auxiliary, read as a noun with a participle ("Visa curbs lifted/acl by
      UAE", "Russian ambassador summoned/acl by Polish foreign ministry"): when the line has no other
      verb, the participle with its "by" agent is the root and the noun its passive subject.
    """
    roots = [t for t in tokens if t.dep == "ROOT"]
    if len(roots) != 1:
        return
    root = roots[0]
    kids = [t for t in tokens if t.head == root.i and t.i != root.i]
    if root.pos == "VERB" and root.tag in ("VBZ", "VBP", "VBD"):
        if any(t.dep in ("nsubj", "nsubjpass", "expl", "csubj") for t in kids):
            return
        left = [t for t in kids if t.i < root.i and t.dep in ("compound", "amod", "npadvmod", "nmod")
                and t.pos in ("NOUN", "PROPN", "ADJ")]
        if left and all(t.pos != "AUX" for t in tokens):
            left[-1].dep = "nsubj"
        return
    if root.pos not in ("NOUN", "PROPN") or any(t.pos in ("VERB", "AUX") and t.tag != "VBN" for t in tokens):
        return
    for t in kids:
        if t.dep == "acl" and t.tag == "VBN" and any(k.head == t.i and k.dep == "agent" for k in tokens):
            t.dep, t.head = "ROOT", t.i
            root.dep, root.head = "nsubjpass", t.i
            return
