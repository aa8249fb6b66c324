"""How a text uses a place name: literal, demonym, metonym or embedded (``Place.usage``).

Decided here (step 2 of the cascade in ``where.resolve``): a mention the finders left literal
whose text is a demonym and no place's primary name becomes a demonym ("Afghans", a plural
people noun, is dropped); a literal mention that names an actor becomes a metonym ("Ankara
said"); a demonym is kept only when it modifies a noun ("Turkish officials", not "in English").
Only literal places can be event locations (``where.location``).
"""

from __future__ import annotations

import re

from communique.core.article import Article, Sentence
from communique.core.parse import span_root, tokens_over
from communique.stages.where import rules
from communique.stages.where.gazetteer import Gazetteer
from communique.stages.where.mention import Mention, is_people

# Verbs whose subject, when it is a place name, is an actor (metonymy: "Ankara said").
AGENT_VERBS = rules.words("usage.yaml", "agent_verbs")
MODIFIER_DEPS = rules.codes("usage.yaml", "modifier_deps")


def _agent_after() -> re.Pattern[str]:
    """Return the regex for an agent verb right after a name ("said", "has also denied", "on Monday said")."""
    preludes = "|".join(re.escape(w) for w in rules.ordered_words("usage.yaml", "agent_verb_preludes"))
    forms = "|".join(re.escape(w) for w in rules.ordered_words("usage.yaml", "agent_verb_forms"))
    return re.compile(rf"^\s*(?:(?:{preludes}|on\s+\w+day)\s+)*(?:{forms})\b")


_AGENT_AFTER = _agent_after()


def assign_usage(m: Mention, article: Article, sent: Sentence | None, gaz: Gazetteer) -> bool:
    """Set the usage of a literal mention (demonym, metonym or literal); return False when the
    mention is no place mention at all (a plural people noun, a demonym that modifies nothing)."""
    if m.usage == "literal":
        if gaz.is_demonym(m.text) and not any(h.primary for h in gaz.lookup(m.text)):
            if is_people(m.text):
                return False
            m.usage, m.fixed = "demonym", gaz.demonym_places(m.text)
        elif is_metonymic(m, article, sent):
            m.usage = "metonym"
    return not (m.usage == "demonym" and not is_modifier(m, sent))


def is_metonymic(m: Mention, article: Article, sent: Sentence | None) -> bool:
    """Return True when the mention names an actor rather than a place ("Ankara said").

    Parsed sentences: the mention is the subject of a communication or decision verb.
    Unparsed ones: the actors stage read the span as a state acting (an actor whose ``basis``
    is metonym) and such a verb follows it. The actors stage reads every bare capital
    as the state acting, so its mark alone does not decide ("in London" is a place)."""
    if sent is None or not sent.tokens:
        actor = any(
            a.start < m.end
            and m.start < a.end
            and (a.kind == "country" or a.basis == "metonym")
            for a in article.actors
        )
        return actor and bool(_AGENT_AFTER.match(article.text[m.end : m.end + 60]))
    toks = tokens_over(sent.tokens, m.start, m.end)
    if not toks:
        return False
    root = span_root(toks)
    if root.dep != "nsubj" or not (0 <= root.head < len(sent.tokens)):
        return False
    return sent.tokens[root.head].lemma.lower() in AGENT_VERBS


def is_modifier(m: Mention, sent: Sentence | None) -> bool:
    """True when a demonym modifies a noun ("Russian officials", "the Saudi-led coalition"),
    in the parse when there is one. A demonym standing alone names a language or people ("in
    English", "the Irish need 85 points"), not a place."""
    if sent is None or not sent.tokens:
        return True
    toks = tokens_over(sent.tokens, m.start, m.end)
    if not toks:
        return True
    root = span_root(toks)
    if root.dep == "conj" and 0 <= root.head < len(sent.tokens):  # "German, Irish and Italian"
        root = sent.tokens[root.head]
    return root.dep in MODIFIER_DEPS
