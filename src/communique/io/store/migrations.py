"""Registered schema migrations. Append new ones; never edit one that has shipped.

A migration's SQL is one script, or a tuple of statements run one after another (in the same
transaction): DuckDB binds every statement of a script before it runs the first, so a statement
that names a table made or renamed earlier in the migration needs the tuple form.
"""

from __future__ import annotations

# Migration 5's statements (no ';' inside a literal, so splitting on ';' is safe).
_EVENTS_AND_MENTIONS = """
    DROP INDEX IF EXISTS events_article;
    DROP INDEX IF EXISTS events_date;
    DROP INDEX IF EXISTS participants_country;
    CREATE TABLE mentions (
        mention_id VARCHAR PRIMARY KEY,
        article_id VARCHAR NOT NULL,
        sentence_index INTEGER,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        context VARCHAR[],
        quad_class VARCHAR,
        score DOUBLE,
        cameo VARCHAR,
        date DATE,
        date_text VARCHAR,
        date_granularity VARCHAR,
        location_text VARCHAR,
        location_name VARCHAR,
        geonameid BIGINT,
        location_country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        negated BOOLEAN,
        hypothetical BOOLEAN,
        future BOOLEAN,
        historical BOOLEAN,
        confidence DOUBLE,
        evidence_sentence VARCHAR,
        evidence_start INTEGER,
        evidence_end INTEGER,
        trigger_text VARCHAR,
        trigger_start INTEGER,
        trigger_end INTEGER,
        record JSON,
        event_id VARCHAR
    );
    INSERT INTO mentions
        SELECT event_id, article_id, sentence_index, type, mode, context, quad_class, score, cameo, date,
               date_text, date_granularity, location_text, location_name, geonameid, location_country, lat,
               lon, negated, hypothetical, future, historical, confidence, evidence_sentence, evidence_start,
               evidence_end, trigger_text, trigger_start, trigger_end, record, event_id
        FROM events;
    DROP TABLE events;
    ALTER TABLE participants RENAME COLUMN event_id TO mention_id;
    CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY,
        mention_id VARCHAR NOT NULL,
        article_id VARCHAR NOT NULL,
        sentence_index INTEGER,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        context VARCHAR[],
        quad_class VARCHAR,
        score DOUBLE,
        cameo VARCHAR,
        date DATE,
        date_text VARCHAR,
        date_granularity VARCHAR,
        location_text VARCHAR,
        location_name VARCHAR,
        geonameid BIGINT,
        location_country VARCHAR,
        lat DOUBLE,
        lon DOUBLE,
        negated BOOLEAN,
        hypothetical BOOLEAN,
        future BOOLEAN,
        historical BOOLEAN,
        confidence DOUBLE,
        evidence_sentence VARCHAR,
        evidence_start INTEGER,
        evidence_end INTEGER,
        trigger_text VARCHAR,
        trigger_start INTEGER,
        trigger_end INTEGER,
        num_mentions INTEGER NOT NULL DEFAULT 1,
        num_articles INTEGER NOT NULL DEFAULT 1,
        num_sources INTEGER NOT NULL DEFAULT 1,
        family VARCHAR,
        codes VARCHAR[],
        first_date DATE,
        last_date DATE,
        features JSON,
        record JSON,
        updated_at TIMESTAMP DEFAULT current_timestamp
    );
    INSERT INTO events
        SELECT m.mention_id, m.mention_id, m.article_id, m.sentence_index, m.type, m.mode, m.context,
               m.quad_class, m.score, m.cameo, m.date, m.date_text, m.date_granularity, m.location_text,
               m.location_name, m.geonameid, m.location_country, m.lat, m.lon, m.negated, m.hypothetical,
               m.future, m.historical, m.confidence, m.evidence_sentence, m.evidence_start, m.evidence_end,
               m.trigger_text, m.trigger_start, m.trigger_end, 1, 1, 1, m.type,
               coalesce((SELECT list_sort(list_distinct(list(coalesce(p.country, nullif(p.actor_id, '')))))
                         FROM participants p WHERE p.mention_id = m.mention_id), []),
               m.date, m.date, NULL, m.record, current_timestamp
        FROM mentions m;
    CREATE INDEX mentions_article ON mentions (article_id);
    CREATE INDEX mentions_event ON mentions (event_id);
    CREATE INDEX participants_country ON participants (country);
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_family_date ON events (family, first_date);
    CREATE TABLE event_redirects (
        old_id VARCHAR PRIMARY KEY,
        new_id VARCHAR NOT NULL,
        merged_at TIMESTAMP DEFAULT current_timestamp
    );
"""

MIGRATIONS: list[tuple[int, str, str | tuple[str, ...]]] = [
    (
        1,
        "initial schema",
        """
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY,
            date DATE,
            title VARCHAR,
            url VARCHAR,
            source VARCHAR,
            language VARCHAR,
            origin VARCHAR,
            text VARCHAR NOT NULL,
            n_sentences INTEGER,
            contexts VARCHAR[],
            ingested_at TIMESTAMP DEFAULT current_timestamp
        );
        CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY,
            article_id VARCHAR NOT NULL,
            sentence_index INTEGER,
            type VARCHAR NOT NULL,
            mode VARCHAR,
            context VARCHAR[],
            quad_class VARCHAR,
            score DOUBLE,
            cameo VARCHAR,
            date DATE,
            date_text VARCHAR,
            date_granularity VARCHAR,
            location_text VARCHAR,
            location_name VARCHAR,
            geonameid BIGINT,
            location_country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            negated BOOLEAN,
            hypothetical BOOLEAN,
            future BOOLEAN,
            historical BOOLEAN,
            confidence DOUBLE,
            evidence_sentence VARCHAR,
            evidence_start INTEGER,
            evidence_end INTEGER,
            trigger_text VARCHAR,
            trigger_start INTEGER,
            trigger_end INTEGER,
            record JSON
        );
        CREATE TABLE participants (
            event_id VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            text VARCHAR,
            name VARCHAR,
            country VARCHAR,
            sector VARCHAR,
            kind VARCHAR,
            actor_id VARCHAR,
            PRIMARY KEY (event_id, role, position)
        );
        CREATE TABLE places (
            article_id VARCHAR NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            text VARCHAR,
            name VARCHAR,
            geonameid BIGINT,
            country VARCHAR,
            lat DOUBLE,
            lon DOUBLE,
            feature VARCHAR,
            confidence DOUBLE,
            sentence_index INTEGER,
            PRIMARY KEY (article_id, start_offset, end_offset)
        );
        CREATE TABLE rejected (
            origin VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            stage VARCHAR,
            first_seen TIMESTAMP DEFAULT current_timestamp,
            last_seen TIMESTAMP DEFAULT current_timestamp,
            times INTEGER DEFAULT 1,
            PRIMARY KEY (origin, reason)
        );
        CREATE INDEX events_article ON events (article_id);
        CREATE INDEX events_date ON events (date);
        CREATE INDEX participants_country ON participants (country);
        """,
    ),
    (
        2,
        "places.usage: literal, demonym, metonym or embedded mention",
        "ALTER TABLE places ADD COLUMN usage VARCHAR DEFAULT 'literal';",
    ),
    (
        3,
        "actor_facts: the registry as append-only facts (replaces the rewritten actor_registry table)",
        """
        CREATE TABLE IF NOT EXISTS actor_registry (
            name VARCHAR NOT NULL, country VARCHAR, sector VARCHAR, role VARCHAR, first_seen DATE,
            last_seen DATE, article_id VARCHAR, how VARCHAR
        );
        CREATE TABLE actor_facts (
            fact_id VARCHAR PRIMARY KEY,
            name VARCHAR NOT NULL,
            country VARCHAR,
            sector VARCHAR,
            role VARCHAR,
            date DATE,
            article_id VARCHAR NOT NULL,
            basis VARCHAR
        );
        INSERT INTO actor_facts
            SELECT DISTINCT ON (fact_id) * FROM (
                SELECT md5(concat_ws(chr(31), name, coalesce(country, ''), coalesce(sector, ''),
                                     coalesce(role, ''), CAST(d AS VARCHAR), article_id)) AS fact_id,
                       name, country, sector, role, d AS date, article_id, how AS basis
                FROM actor_registry, (SELECT unnest([first_seen, last_seen]) AS d) AS dates
            );
        DROP TABLE actor_registry;
        """,
    ),
    (
        4,
        "rejected.code: the error code of each rejected input (E106, E206, ...)",
        "ALTER TABLE rejected ADD COLUMN code VARCHAR;",
    ),
    (
        5,
        "events and mentions: each coded sentence is a mention; mentions merge into events (with redirects)",
        # The old events table becomes the mentions table (each record one mention, event id =
        # mention id), then each mention becomes an event of its own. DuckDB renames nothing an
        # index depends on, and builds no index over rows changed in the same transaction: the
        # indexes are dropped first and made last.
        tuple(s.strip() for s in _EVENTS_AND_MENTIONS.split(";") if s.strip()),
    ),
    (
        6,
        "actor_codes / recipient_codes: participant codes by role (actor and dyad filters); "
        "events.mention_refs: each event's mentions (pages)",
        # Codes: '|AZE|AZE-GOV|' (events.role_codes), from the participants table: a mention's own,
        # an event's from its representative mention (events.mention_id). A code is a country or
        # an actor id, as the filters match them. mention_refs: events.recount's JSON.
        (
            "ALTER TABLE mentions ADD COLUMN actor_codes VARCHAR DEFAULT ''",
            "ALTER TABLE mentions ADD COLUMN recipient_codes VARCHAR DEFAULT ''",
            "ALTER TABLE events ADD COLUMN actor_codes VARCHAR DEFAULT ''",
            "ALTER TABLE events ADD COLUMN recipient_codes VARCHAR DEFAULT ''",
            "CREATE TEMP TABLE _role_codes AS SELECT mention_id, "
            + ", ".join(
                "coalesce('|' || array_to_string(list_sort(list_distinct(flatten(list([country, "
                f"nullif(actor_id, '')]) FILTER (WHERE role = '{role}')))), '|') || '|', '') AS {name}"
                for role, name in (("actor", "acts"), ("recipient", "recs")))
            + " FROM participants GROUP BY mention_id",
            "UPDATE mentions SET actor_codes = r.acts, recipient_codes = r.recs FROM _role_codes r "
            "WHERE mentions.mention_id = r.mention_id",
            "UPDATE events SET actor_codes = r.acts, recipient_codes = r.recs FROM _role_codes r "
            "WHERE events.mention_id = r.mention_id",
            "DROP TABLE _role_codes",
            "ALTER TABLE events ADD COLUMN mention_refs VARCHAR",
            "CREATE TEMP TABLE _mention_refs AS SELECT m.event_id, CAST(to_json(list(json_array("
            "m.mention_id, m.article_id, m.sentence_index, a.source, a.url, CAST(a.date AS VARCHAR), "
            "m.confidence, m.evidence_sentence, m.evidence_start, m.evidence_end, m.trigger_text, "
            "m.trigger_start, m.trigger_end) ORDER BY a.date NULLS LAST, m.article_id, m.sentence_index, "
            "m.mention_id)) AS VARCHAR) AS refs FROM mentions m JOIN articles a ON a.id = m.article_id "
            "GROUP BY m.event_id",
            "UPDATE events SET mention_refs = r.refs FROM _mention_refs r WHERE events.event_id = r.event_id",
            "DROP TABLE _mention_refs",
        ),
    ),
]


def statements(sql: str | tuple[str, ...]) -> tuple[str, ...]:
    """Return a migration's SQL as the statements to run one after another."""
    return (sql,) if isinstance(sql, str) else sql
