"""An event's location: which of its sentence's literal places is where the event happened.

Decided here, among the sentence's *literal* places only (a demonym, a place name standing for
its government or a name inside an organisation's is a mention, never where an event was):
1. a place attached to the event's trigger or clause by a locative preposition
   ("met in Ankara", "clashes near Donetsk": ``where.locative``), nearest to the trigger in the
   parse tree (in characters when the sentence was not parsed);
2. otherwise another place in the same sentence, nearest to the trigger, leaving out places
   that are part of an actor's mention and countries of the event's own participants
   ("talks between Azerbaijan and Turkey" do not happen "in Turkey");
3. otherwise none: the actor's country is never filled in as a location.

Never a place inside a clause of time that tells another act and does not hold the trigger
("held talks in the Ethiopian capital, four weeks after the two met in Nairobi": not Nairobi).
"""

from __future__ import annotations

from communique.core.article import Article, Event, Place, Sentence, Token
from communique.core.parse import span_root, tokens_over, tree_distance
from communique.stages.where import rules
from communique.stages.where.locative import LOCATIVE_PREPS, locative_before

OTHER_TIME_MARKS = rules.words("locations.yaml", "other_time_marks")

UNREACHABLE = 99  # the tree distance of a place that covers no token


def locate(event: Event, article: Article) -> Place | None:
    """Return the place where ``event`` happened, or None (see the module cascade)."""
    sent = article.sentence_of(event)
    if sent is None:
        return None
    places = [p for p in article.places if sent.start <= p.start < sent.end and p.usage == "literal"]
    if not places:
        return None
    trig = event.trigger
    ts, te = (trig.start, trig.end) if trig else (sent.start, sent.start)
    tokens = sent.tokens
    trig_tok = next((t for t in tokens if t.start < te and ts < t.end), None) if tokens else None
    if trig_tok is not None:
        places = [p for p in places if not _in_other_time_clause(tokens, _root_of(tokens, p), trig_tok)]

    def distance(p: Place) -> tuple[int, int]:
        chars = max(0, p.start - te, ts - p.end)
        if trig_tok is None:
            return (0, chars)
        root = _root_of(tokens, p)
        return (tree_distance(tokens, root, trig_tok) if root is not None else UNREACHABLE, chars)

    attached = [p for p in places if _locative(p, sent, article.text)]
    if attached:
        return min(attached, key=distance)
    own = set(_participant_countries(event))
    rest = [p for p in places if not _in_actor(p, article) and not (p.feature == "PCLI" and p.country in own)]
    return min(rest, key=distance) if rest else None


def _in_other_time_clause(tokens: list[Token], root: Token | None, trig: Token) -> bool:
    """Return True when ``root`` sits in a clause of time ("after the two met in ...") that does not hold ``trig``."""
    seen = 0
    t = root
    while t is not None and seen < len(tokens):
        if t.i == trig.i:
            return False
        if t.dep == "advcl" and any(c.dep == "mark" and c.text.lower() in OTHER_TIME_MARKS
                                    for c in tokens if c.head == t.i and c.i != t.i):
            return not _descends(tokens, trig, t)
        if t.head == t.i or not 0 <= t.head < len(tokens):
            return False
        t, seen = tokens[t.head], seen + 1
    return False


def _descends(tokens: list[Token], t: Token, ancestor: Token) -> bool:
    """Return True when ``t`` is ``ancestor`` or below it in the parse tree."""
    for _ in range(len(tokens)):
        if t.i == ancestor.i:
            return True
        if t.head == t.i or not 0 <= t.head < len(tokens):
            return False
        t = tokens[t.head]
    return False


def _participant_countries(event: Event) -> list[str]:
    return [a.country for a in [*event.actors, *event.recipients] if a.country]


def _in_actor(p: Place, article: Article) -> bool:
    return any(a.start < p.end and p.start < a.end for a in article.actors)


def _root_of(tokens: list[Token], p: Place) -> Token | None:
    span = tokens_over(tokens, p.start, p.end)
    return span_root(span) if span else None


def _locative(p: Place, sent: Sentence, text: str) -> bool:
    """Return True when a locative preposition governs the place ("in Ankara")."""
    if not sent.tokens:
        return locative_before(text, p.start, floor=sent.start)
    root = _root_of(sent.tokens, p)
    if root is None:
        return False
    head = sent.tokens[root.head] if 0 <= root.head < len(sent.tokens) else None
    # "in Ankara" (pobj of "in"), also "in the Turkish capital Ankara" (appos of pobj).
    for _ in range(2):
        if head is None:
            return False
        if head.dep == "prep" or head.pos == "ADP":
            return head.text.lower() in LOCATIVE_PREPS
        if root.dep not in ("appos", "compound", "conj", "pobj"):
            return False
        root, head = head, sent.tokens[head.head] if 0 <= head.head < len(sent.tokens) else None
    return False
