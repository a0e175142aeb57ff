"""Text search over cases: code, citizen document and names, description (models/search.py).

Every word of the query must match, as a word prefix and without accents
("huaman quis" finds "Huamán Quispe", "000123" finds LIM-2024-000123); a query
with a digit also matches any fragment of the code (pg_trgm on PostgreSQL).
The search narrows a visible_tickets_query, so office scoping and the sealing of
denuncias apply exactly as in the queues.

Matches are ranked (exact code first, then relevance: code and document over
names over description, then the most recent). Only the SEARCH_LIMIT most recent
matches are ranked and counted, which keeps a search over ten years of history
as fast as over five weeks; a broader query says "más de 200" and is narrowed
with more words or the status, office and type filters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import column, func, literal_column, or_, select, table, text
from sqlalchemy.orm import contains_eager, joinedload

from service_desk.extensions import db
from service_desk.models import Office, Ticket

SEARCH_LIMIT = 200  # matches ranked and counted: the most recent ones
PREFIX_BELOW = 6  # shorter words are matched as the start of a word
RECENT_WINDOW = 20_000  # newest cases walked first (about two months nationally)
MAX_WORDS = 8
_FTS = table("ticket_search", column("rowid"))  # SQLite's FTS5 table (models/search.py)
CODE = re.compile(r"[A-Z]{3,4}-\d{4}-\d{6}")
_WORD = re.compile(r"[^\W_]+")


def words(query: str) -> list[str]:
    """The searchable words of a query: letters and digits, at most MAX_WORDS, lower case."""
    return [w.lower() for w in _WORD.findall(query or "")][:MAX_WORDS]


@dataclass(frozen=True)
class Match:
    """The WHERE condition of a search, the columns its hits carry, and their rank."""

    condition: object
    carried: tuple  # extra columns of the hits subquery the rank is computed from
    rank: Callable  # hits subquery -> rank expression (higher is better)


def match(raw: str) -> Match | None:
    """How `raw` narrows a ticket select, or None when it has no searchable word."""
    terms = words(raw)
    if not terms:
        return None
    fragment = _clean(raw)
    if CODE.fullmatch(fragment.upper()):  # a whole code: the unique index answers
        return Match(Ticket.code == fragment.upper(), (), lambda hits: literal_column("1"))
    if db.engine.dialect.name == "postgresql":
        tsquery = func.to_tsquery(literal_column("'es_unaccent'::regconfig"),
                                  " & ".join(_lexeme(w) for w in terms))
        vector = literal_column("tickets.search_vector")
        found = Match(vector.op("@@")(tsquery), (vector.label("vector"),),
                      lambda hits: func.ts_rank_cd(hits.c.vector, tsquery))
    else:
        found = _sqlite_match(" ".join(f'"{w}"*' for w in terms))
    if any(ch.isdigit() for ch in fragment):  # a piece of a code: "24-0001"
        code_like = Ticket.code.ilike(f"%{_escape_like(fragment)}%", escape="\\")
        found = Match(or_(found.condition, code_like), found.carried, found.rank)
    return found


def _lexeme(word: str) -> str:
    """A whole word (stemmed by the configuration) or, when short, the start of one.

    A typed fragment ("huam", "4512") is a prefix; a word of PREFIX_BELOW letters or
    more is taken whole ("aplicativo" is stemmed to "aplic" and so still meets
    "aplicación"). Whole words keep PostgreSQL's estimates true: it knows how common
    a word is, but guesses the same for every prefix, and a wrong guess made it walk
    the whole table for a DNI (1.8 s at 1.2 million cases).
    """
    return f"{word}:*" if len(word) < PREFIX_BELOW else word


def _sqlite_match(expression: str) -> Match:
    def fts_match():
        return text("ticket_search MATCH :search_match").bindparams(search_match=expression)

    def rank(hits):
        # bm25 is lower for better matches (weights: code and document, names, description);
        # a case found only by a code fragment ranks last.
        score = (select(literal_column("-bm25(ticket_search, 10.0, 5.0, 1.0)")).select_from(_FTS)
                 .where(fts_match(), _FTS.c.rowid == hits.c.id).scalar_subquery())
        return func.coalesce(score, -1e9)
    return Match(Ticket.id.in_(select(_FTS.c.rowid).where(fts_match())), (), rank)


def _clean(raw: str) -> str:
    """At most 100 printable characters: no NUL nor lone surrogate reaches the database."""
    return "".join(ch for ch in (raw or "").strip()[:100] if ch.isprintable())


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_page(query, raw: str, page: int, per_page: int) -> tuple[list[Ticket], int]:
    """Ranked page of the cases of `query` (a visible_tickets_query) matching `raw`, and the total.

    The most recent SEARCH_LIMIT + 1 matches are ranked (a total above SEARCH_LIMIT
    means "more than that"), then the page's cases are loaded.
    """
    found = match(raw)
    if found is None:
        return [], 0
    exact = _clean(raw).upper()
    ranked = _recent_hits(query, found, SEARCH_LIMIT + 1)
    ranked.sort(key=lambda r: (r[1] != exact, -(r[2] or 0), -r[0]))
    offset = (page - 1) * per_page
    ids = [r[0] for r in ranked[offset:offset + per_page]]
    if not ids:
        return [], len(ranked)
    loaded = {t.id: t for t in db.session.scalars(
        select(Ticket).join(Office, Ticket.office_id == Office.id).where(Ticket.id.in_(ids))
        .options(contains_eager(Ticket.office), joinedload(Ticket.citizen),
                 joinedload(Ticket.assignee)))}
    return [loaded[i] for i in ids], len(ranked)


def _recent_hits(query, found: Match, limit: int) -> list[tuple]:
    """(id, code, rank) of the `limit` most recent matches, in at most two bounded steps.

    First among the newest RECENT_WINDOW cases: a common word ("aplicativo" is in
    7 % of cases) fills the limit there, reading about as many rows at ten years of
    history as at five weeks, instead of its 84,000 matches. Only when that window
    holds too few matches are the older cases searched, and then the planner picks
    the GIN index for a rare word or walks on for a common one (see _lexeme).
    """
    newest = db.session.scalar(select(func.max(Ticket.id))) or 0
    floor = newest - RECENT_WINDOW
    base = (query.where(found.condition)
            .with_only_columns(Ticket.id, Ticket.code, *found.carried).order_by(Ticket.id.desc()))
    rows = _ranked(base.where(Ticket.id > floor).limit(limit), found)
    if len(rows) < limit and floor > 0:
        rows += _ranked(base.where(Ticket.id <= floor).limit(limit - len(rows)), found)
    return rows


def _ranked(statement, found: Match) -> list[tuple]:
    hits = statement.subquery()
    return [tuple(r) for r in db.session.execute(select(hits.c.id, hits.c.code, found.rank(hits)))]
