"""Registered schema migrations. Append new ones; never edit one that has shipped."""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, str]] = [
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
]
