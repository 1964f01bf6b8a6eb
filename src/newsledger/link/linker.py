"""Keeping the ledger's links up to date as articles come and go (the tables are in ``newsledger.link.tables``).

:func:`update_links` links newly stored articles: it finds their neighbours, merges the blocks they touch
and recomputes the links of those blocks from scratch, in one transaction. Everything it writes depends only
on the set of articles stored, not on the order they came in; running it again changes nothing.
:func:`unlink_articles` takes articles out before they are deleted (``Store.delete`` runs it through the
:data:`LINKS` component, in its own transaction). :func:`open_ledger` opens a store with its links.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, bindparam, delete, select, union_all, update

from newsledger.ids import record_id
from newsledger.link import copies
from newsledger.link.board import Rows, block_rows, placed
from newsledger.link.claims import remember_profiles
from newsledger.link.features import ArticleFeatures
from newsledger.link.incidents import (
    ArticleProfile,
    article_similarity,
    blocks,
    cluster_incidents,
    pair_key,
    profile_of,
    similarity_pairs,
    stories,
)
from newsledger.link.independence import article_origin
from newsledger.link.lru import LRU
from newsledger.link.mentions import EventMention, LinkModel, link_model, mentions_of, with_vectors
from newsledger.link.tables import (
    ARTICLE_TABLES,
    STORY_TABLES,
    article_copies,
    compact_keys,
    copy_keys,
    create_copy_tables,
    create_link_tables,
    create_lookup_indexes,
    date_terms,
    link_articles,
    link_postings,
    mark_scattered,
    mark_specific,
    metadata,
)
from newsledger.records import Ledger
from newsledger.store import Store, open_store, schema
from newsledger.store.engine import insert_rows, with_retry, write_transaction
from newsledger.store.migrations import Component

MentionSource = Callable[[Ledger], Sequence[EventMention]]
K = TypeVar("K", str, int)
RELINK_BATCH = 200  # articles a transaction when linking every article not linked yet


@dataclass(frozen=True, slots=True)
class LinkSummary:
    articles: int
    blocks: int
    incidents: int  # incidents (re)computed; those of unchanged stories are kept as they were


class _Recent:
    """What linking read or computed of one database lately, by article id: the stored ledgers (a story is
    relinked each time it gains an article, and its older articles would be read and parsed again each time
    otherwise), their event mentions with embeddings, their term profiles (a new article is compared with the
    recent ones most), and the copy fingerprints and lone-story rows (``board.lone_story_rows``) of articles
    about to be linked (``remember``; the rows, some 30 an article, are dropped once it is linked). A stored
    article never changes; its entries are dropped when it is unlinked (deleted)."""

    LEDGERS = 4096
    PROFILES = 16384

    def __init__(self) -> None:
        self.ledgers: LRU[Ledger] = LRU(self.LEDGERS)
        self.mentions: LRU[tuple[EventMention, ...]] = LRU(self.LEDGERS)
        self.profiles: LRU[ArticleProfile] = LRU(self.PROFILES)
        self.prints: LRU[copies.Fingerprint] = LRU(self.LEDGERS)
        self.lone: LRU[Rows] = LRU(self.LEDGERS)

    def drop(self, article_ids: Iterable[str]) -> None:
        ids = list(article_ids)
        for lru in (self.ledgers, self.mentions, self.profiles, self.prints, self.lone):
            lru.drop(ids)


_RECENT: weakref.WeakKeyDictionary[Engine, _Recent] = weakref.WeakKeyDictionary()
_RECENT_LOCK = threading.Lock()


def _recent(conn: Connection) -> _Recent:
    """What linking read lately of the database ``conn`` is connected to (one set per engine, gone with it)."""
    return _recent_of(conn.engine)


def _ledgers(conn: Connection, article_ids: Sequence[str]) -> dict[str, Ledger]:
    """The stored ledgers of ``article_ids`` (recent ones from memory, the others in one query a chunk)."""
    def load(missing: list[str]) -> Iterator[tuple[str, Ledger]]:
        ar = schema.articles
        for chunk in _chunks(missing):
            for row in conn.execute(select(ar.c.id, ar.c.ledger, ar.c.text).where(ar.c.id.in_(chunk))):
                yield row.id, Ledger.from_json(row.ledger, text=row.text)

    return _recent(conn).ledgers.fetch(article_ids, load)


def _mentions(conn: Connection, ledger: Ledger, mentions_for: MentionSource) -> Sequence[EventMention]:
    """The event mentions of a ledger (those of the default source, with their embeddings, are kept)."""
    if mentions_for is not mentions_of:
        return mentions_for(ledger)
    recent = _recent(conn).mentions
    found = recent.get(ledger.article.id)
    if found is None:
        found = tuple(with_vectors(mentions_of(ledger)))
        recent.put(ledger.article.id, found)
    return found


def _profiles(conn: Connection, ids: Iterable[str]) -> dict[str, ArticleProfile]:
    """The stored term profiles of linked articles (recent ones from memory)."""
    def load(missing: list[str]) -> Iterator[tuple[str, ArticleProfile]]:
        la = link_articles
        for chunk in _chunks(missing):
            rows = conn.execute(select(la.c.article_id, la.c.published, la.c.terms).where(la.c.article_id.in_(chunk)))
            for r in rows:
                yield r.article_id, ArticleProfile.of(r.article_id, r.published, json.loads(r.terms))

    return _recent(conn).profiles.fetch(sorted(set(ids)), load)


def remember(store: Store, ledgers: Iterable[Ledger], features: Iterable[ArticleFeatures] = ()) -> None:
    """Ledgers just stored, as the store holds them, and what was computed of them where they were analysed
    (``features.features_of``): linking them next need not read them back nor compute it again."""
    recent = _recent_of(store.engine)
    for lg in ledgers:
        if recent.ledgers.get(lg.article.id) is None:
            recent.ledgers.put(lg.article.id, lg)
    for f in features:
        recent.prints.put(f.article_id, f.fingerprint)
        recent.profiles.put(f.article_id, f.profile)
        recent.mentions.put(f.article_id, f.mentions)
        if f.lone_story is not None:
            recent.lone.put(f.article_id, f.lone_story)
        remember_profiles(f.propositions)


def _recent_of(engine: Engine) -> _Recent:
    with _RECENT_LOCK:
        return _RECENT.setdefault(engine, _Recent())


def _window(published: str | None, days: int) -> tuple[str, str] | None:
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return None
    lo = dt.date.fromordinal(max(day.toordinal() - days, dt.date.min.toordinal()))  # within the calendar:
    hi = dt.date.fromordinal(min(day.toordinal() + days, dt.date.max.toordinal()))  # 9999-12-31 is a date too
    return lo.isoformat(), hi.isoformat()


def update_links(store: Store, article_ids: Iterable[str] | None = None,
                 mentions_for: MentionSource = mentions_of) -> LinkSummary:
    """Link the stored articles ``article_ids`` into the ledger's copy groups, incidents, responsibility claims,
    claims and contradictions, in one write transaction (linkers, like other writers, queue for the database's
    write lock, so two of them never link the same articles). Without ``article_ids``, every article not linked
    yet is linked, :data:`RELINK_BATCH` at a time in ingestion order, each batch a transaction of its own."""
    store.install(LINKS)
    if article_ids is not None:
        asked = sorted(set(article_ids))

        def work() -> LinkSummary:
            with write_transaction(store.engine) as conn:
                return _link_new(conn, asked, mentions_for)

        return with_retry(work)
    total = LinkSummary(0, 0, 0)
    while True:
        def batch() -> LinkSummary:
            with write_transaction(store.engine) as conn:
                linked = select(link_articles.c.article_id)
                ids = list(conn.execute(select(schema.articles.c.id).where(schema.articles.c.id.not_in(linked))
                                        .order_by(schema.articles.c.seq).limit(RELINK_BATCH)).scalars())
                return _link_new(conn, ids, mentions_for)

        done = with_retry(batch)
        if not done.articles:
            return total
        total = LinkSummary(total.articles + done.articles, total.blocks + done.blocks,
                            total.incidents + done.incidents)


def _link_new(conn: Connection, asked: list[str], mentions_for: MentionSource) -> LinkSummary:
    model = link_model()
    wanted = [a for chunk in _chunks(asked) for a in conn.execute(
        select(schema.articles.c.id).where(schema.articles.c.id.in_(chunk))).scalars()]
    done = {r for chunk in _chunks(wanted) for r in conn.execute(
        select(link_articles.c.article_id).where(link_articles.c.article_id.in_(chunk))).scalars()}
    seq = _seqs(conn, [a for a in wanted if a not in done])
    new = sorted(seq, key=lambda a: (seq[a], a))
    if not new:
        return LinkSummary(0, 0, 0)
    ledgers = _ledgers(conn, new)
    recent = _recent(conn)
    prints = {a: recent.prints.get(a) or copies.fingerprint(ledgers[a].text) for a in new}
    _add_copies(conn, [(a, prints[a]) for a in new], seq)  # in ingestion order: a copy points to the earliest
    profiles = {a: recent.profiles.get(a) or profile_of(ledgers[a], model) for a in new}
    for a, prof in profiles.items():
        recent.profiles.put(a, prof)
    insert_rows(conn, link_articles, [{"article_id": a, "block_id": None, "published": p.published,
                                           "terms": json.dumps(p.terms, sort_keys=True)} for a, p in profiles.items()])
    insert_rows(conn, link_postings, [{"term": t, "published": p.published or "", "article_seq": seq[a]}
                                          for a, p in profiles.items() for t in sorted(p.keys)])
    # neighbours of the new articles, and the blocks they belong to
    edges: list[tuple[str, str]] = []
    touched: set[str] = set(new)
    neighbours = _neighbours(conn, [profiles[a] for a in new], model)
    for a in new:
        cands = neighbours[a] - {a}
        profiles.update(_profiles(conn, cands - profiles.keys()))
        for b in cands:
            if article_similarity(profiles[a], profiles[b], model) >= model.block_threshold:
                edges.append(pair_key(a, b))
                touched.add(b)
    old_blocks = {r.block_id for chunk in _chunks(sorted(touched)) for r in conn.execute(
        select(link_articles.c.block_id).where(link_articles.c.article_id.in_(chunk))) if r.block_id}
    members: dict[str, list[str]] = {}
    for chunk in _chunks(sorted(old_blocks)):
        for r in conn.execute(select(link_articles.c.article_id, link_articles.c.block_id)
                              .where(link_articles.c.block_id.in_(chunk))):
            members.setdefault(r.block_id, []).append(r.article_id)
    nodes = touched | {a for ms in members.values() for a in ms}
    for ms in members.values():  # an old block is connected: a star keeps it so
        ms.sort()
        edges.extend((ms[0], m) for m in ms[1:])
    profiles.update(_profiles(conn, nodes - profiles.keys()))
    pending: dict[str, list[dict[str, Any]]] = {}
    groups = blocks(sorted(nodes), {e: 1.0 for e in edges}, model)
    n_incidents = _relink(conn, groups, profiles, mentions_for, pending)
    _insert(conn, pending)
    recent.lone.drop(new)  # (used or not, never needed again: a story that shrinks back to one is recomputed)
    return LinkSummary(len(new), len(groups), n_incidents)


def _neighbours(conn: Connection, profiles: Sequence[ArticleProfile], model: LinkModel) -> dict[str, set[str]]:
    """Each profile's neighbours: the linked articles that share at least ``min_shared_keys`` key terms with it
    (only those can be similar, ``article_similarity``) and are undated or dated within its window (articles
    dated outside it can never be neighbours). The dated ones are read by a range of the (term, date) index:
    the cost is that of the window's articles, however many the ledger holds. The postings are counted here
    and the ids of all the profiles' neighbours read in one statement (grouping and joining them in SQL, a
    statement a profile, cost twice the index reads)."""
    lp, ar = link_postings, schema.articles
    shared: dict[str, list[int]] = {}
    for profile in profiles:
        postings = select(lp.c.article_seq).where(lp.c.term.in_(sorted(profile.keys)))
        window = _window(profile.published, model.window_days)
        # two ranges of the index, not one OR, for which SQLite would read every posting of the terms
        found = postings if window is None else union_all(
            postings.where(lp.c.published.between(*window)), postings.where(lp.c.published == ""))
        counts = Counter(conn.execute(found).scalars().all())
        shared[profile.article_id] = [s for s, n in counts.items() if n >= model.min_shared_keys]
    ids: dict[int, str] = {}
    for chunk in _chunks(sorted({s for seqs in shared.values() for s in seqs})):
        ids.update((r.seq, r.id) for r in conn.execute(select(ar.c.seq, ar.c.id).where(ar.c.seq.in_(chunk))))
    return {a: {ids[s] for s in seqs if s in ids} for a, seqs in shared.items()}


def unlink_articles(conn: Connection, article_ids: Iterable[str],
                    mentions_for: MentionSource = mentions_of) -> LinkSummary:
    """Take articles out of the links, inside the caller's write transaction, before they are deleted: their
    rows go, and each block they were in is relinked without them (it may fall apart into several blocks).
    The result is what linking the remaining articles from scratch would give."""
    model = link_model()
    ids = sorted(set(article_ids))
    gone: list[tuple[str, str | None, str | None]] = []
    for chunk in _chunks(ids):
        gone.extend((r.article_id, r.block_id, r.story_id) for r in conn.execute(
            select(link_articles.c.article_id, link_articles.c.block_id, link_articles.c.story_id)
            .where(link_articles.c.article_id.in_(chunk))))
    if not gone:
        return LinkSummary(0, 0, 0)
    old_blocks = sorted({b for _, b, _ in gone if b is not None})
    old_stories = sorted({s for _, _, s in gone if s is not None})
    rest = sorted({a for chunk in _chunks(old_blocks) for a in conn.execute(
        select(link_articles.c.article_id).where(link_articles.c.block_id.in_(chunk))).scalars()} - set(ids))
    seq = _seqs(conn, ids)
    _unlink_copies(conn, ids, seq)
    _delete_postings(conn, [a for a, _, _ in gone], seq)  # (from their profiles, before they leave the cache)
    _recent(conn).drop(ids)
    told = sorted({a for chunk in _chunks(old_stories) for a in conn.execute(
        select(link_articles.c.article_id).where(link_articles.c.story_id.in_(chunk))).scalars()})
    for chunk in _chunks(old_stories):  # the stories that lose an article are recomputed from scratch
        for table in STORY_TABLES:
            conn.execute(delete(table).where(table.c.story_id.in_(chunk)))
        conn.execute(update(link_articles).where(link_articles.c.story_id.in_(chunk)).values(story_id=None))
    for chunk in _chunks(told):  # (relinking clears the rows of articles that had a story only)
        for table in ARTICLE_TABLES:
            conn.execute(delete(table).where(table.c.article_id.in_(chunk)))
    for chunk in _chunks(ids):
        conn.execute(delete(link_articles).where(link_articles.c.article_id.in_(chunk)))
    profiles = _profiles(conn, rest)
    sims = similarity_pairs([profiles[a] for a in rest], model)
    groups = blocks(rest, sims, model)
    pending: dict[str, list[dict[str, Any]]] = {}
    n_incidents = _relink(conn, groups, profiles, mentions_for, pending)
    _insert(conn, pending)
    return LinkSummary(len(gone), len(groups), n_incidents)

def _seqs(conn: Connection, ids: Iterable[str]) -> dict[str, int]:
    """The ingestion numbers (``articles.seq``) of the stored articles among ``ids``."""
    seq: dict[str, int] = {}
    for chunk in _chunks(sorted(set(ids))):
        seq.update((r.id, r.seq) for r in conn.execute(select(schema.articles.c.id, schema.articles.c.seq)
                                                        .where(schema.articles.c.id.in_(chunk))))
    return seq


def _in_ingestion_order(conn: Connection, ids: Sequence[str]) -> list[str]:
    seq = _seqs(conn, ids)
    return sorted(ids, key=lambda a: (seq.get(a, 0), a))


def _delete_postings(conn: Connection, article_ids: Sequence[str], seq: Mapping[str, int]) -> None:
    """Delete the key terms of linked articles (``seq``: their ingestion numbers), found from their stored
    profiles (there is no index by article: it would cost a random page an article at every insert)."""
    profiles = _profiles(conn, article_ids)
    rows = [{"t": t, "p": prof.published or "", "s": seq[a]} for a, prof in sorted(profiles.items())
            for t in sorted(prof.keys)]
    lp = link_postings
    if rows:
        conn.execute(delete(lp).where(lp.c.term == bindparam("t"), lp.c.published == bindparam("p"),
                                      lp.c.article_seq == bindparam("s")), rows)


def _add_copies(conn: Connection, articles: Sequence[tuple[str, copies.Fingerprint]], seq: Mapping[str, int]) -> None:
    """Store the fingerprints of newly linked articles (in ingestion order) and find what each is a copy of: of
    the articles sharing an LSH band with it (stored before, or earlier in ``articles``), those it is a copy of
    (``copies.is_copy``); it joins the group of the earliest stored one."""
    prints = dict(articles)
    keys = {a: copies.band_keys(fp) for a, fp in prints.items()}
    by_band: dict[int, set[str]] = {}
    ck, ar = copy_keys, schema.articles
    for bands in _chunks(sorted({k for ks in keys.values() for k in ks})):
        for r in conn.execute(select(ck.c.band, ar.c.id).join(ar, ar.c.seq == ck.c.article_seq)
                              .where(ck.c.band.in_(bands))):
            by_band.setdefault(r.band, set()).add(r.id)
    stored: dict[str, tuple[str | None, copies.Fingerprint]] = {}
    for chunk in _chunks(sorted({b for ids in by_band.values() for b in ids})):
        for r in conn.execute(select(article_copies).where(article_copies.c.article_id.in_(chunk))):
            stored[r.article_id] = (r.copy_of, copies.Fingerprint.from_text(r.signature, r.n_shingles))
    rows: list[dict[str, object]] = []
    for a, _ in articles:
        fp = prints[a]
        roots: set[str] = set()
        for b in {b for k in keys[a] for b in by_band.get(k, ())} - {a}:
            if b in stored and copies.is_copy(fp, stored[b][1]):
                roots.add(stored[b][0] or b)
        copy_of = _in_ingestion_order(conn, sorted(roots))[0] if roots else None
        rows.append({"article_id": a, "copy_of": copy_of, "signature": fp.to_text(), "n_shingles": fp.size})
        stored[a] = (copy_of, fp)  # later articles of this batch may be copies of it
        for k in keys[a]:
            by_band.setdefault(k, set()).add(a)
    insert_rows(conn, article_copies, rows)
    key_rows = [{"band": k, "article_seq": seq[a]} for a, ks in keys.items() for k in ks]
    insert_rows(conn, copy_keys, key_rows)


def _copy_roots(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    """Each copy among ``ids`` -> the first stored article of its copy group."""
    root: dict[str, str] = {}
    for chunk in _chunks(ids):
        root.update((r.article_id, r.copy_of) for r in conn.execute(
            select(article_copies.c.article_id, article_copies.c.copy_of)
            .where(article_copies.c.article_id.in_(chunk), article_copies.c.copy_of.is_not(None))))
    return root


def _origins(conn: Connection, ledgers: Sequence[Ledger], root: Mapping[str, str]) -> dict[str, str]:
    """Each article's origin (``independence.article_origin``), ``root`` its copy group's first article."""
    source: dict[str, str | None] = {}
    for chunk in _chunks(sorted(set(root.values()))):
        source.update((r.id, r.source) for r in conn.execute(
            select(schema.articles.c.id, schema.articles.c.source).where(schema.articles.c.id.in_(chunk))))
    return {lg.article.id: article_origin(lg, root.get(lg.article.id), source.get(root.get(lg.article.id, "")))
            for lg in ledgers}


def _unlink_copies(conn: Connection, ids: Sequence[str], seq: Mapping[str, int]) -> None:
    """Articles about to be deleted (``seq``: their ingestion numbers) leave their copy groups; a group whose
    first article goes is led by its earliest remaining member."""
    gone = set(ids)
    for chunk in _chunks(sorted(gone)):
        led = conn.execute(select(article_copies.c.article_id, article_copies.c.copy_of, schema.articles.c.seq)
                           .join(schema.articles, schema.articles.c.id == article_copies.c.article_id)
                           .where(article_copies.c.copy_of.in_(chunk))).all()
        groups: dict[str, list[tuple[int, str]]] = {}
        for r in led:
            if r.article_id not in gone:
                groups.setdefault(r.copy_of, []).append((r.seq, r.article_id))
        for members in groups.values():
            members.sort()
            leader = members[0][1]
            conn.execute(update(article_copies).where(article_copies.c.article_id == leader).values(copy_of=None))
            rest = [a for _, a in members[1:]]
            for part in _chunks(rest):
                conn.execute(update(article_copies).where(article_copies.c.article_id.in_(part))
                             .values(copy_of=leader))
    ck = copy_keys
    for chunk in _chunks(sorted(gone)):
        keys = [{"b": k, "s": seq[r.article_id]} for r in conn.execute(
            select(article_copies).where(article_copies.c.article_id.in_(chunk)))
            for k in copies.band_keys(copies.Fingerprint.from_text(r.signature, r.n_shingles))]
        if keys:  # found from the stored fingerprints (no index by article, as for the key terms)
            conn.execute(delete(ck).where(ck.c.band == bindparam("b"), ck.c.article_seq == bindparam("s")), keys)
        conn.execute(delete(article_copies).where(article_copies.c.article_id.in_(chunk)))


def _chunks(ids: Sequence[K], size: int = 500) -> Iterable[list[K]]:
    for i in range(0, len(ids), size):
        yield list(ids[i:i + size])


def _relink(conn: Connection, groups: list[list[str]], profiles: dict[str, ArticleProfile],
            mentions_for: MentionSource, pending: dict[str, list[dict[str, Any]]]) -> int:
    """Bring the links of the blocks ``groups`` up to date: their stories are recomputed, and a story whose
    articles are exactly those of a stored story keeps its rows (they depend on nothing else); the others are
    recomputed, their new rows added to ``pending`` (inserted by :func:`_insert`, after every block of the
    transaction is relinked). A story of one article that is no copy takes the rows computed where the article
    was analysed (``board.lone_story_rows``), when ``remember`` was given them. The blocks' articles are read and
    written a statement a table for all of them, not a block at a time. Returns the number of incidents
    recomputed."""
    model = link_model()
    every = sorted({a for group in groups for a in group})
    old: dict[str, tuple[str | None, str | None]] = {}  # article -> (block, story)
    for ids in _chunks(every):
        for r in conn.execute(select(link_articles.c.article_id, link_articles.c.block_id, link_articles.c.story_id)
                              .where(link_articles.c.article_id.in_(ids))):
            old[r.article_id] = (r.block_id, r.story_id)
    old_members: dict[str, set[str]] = {}
    for a, (_, sid) in old.items():
        if sid is not None:
            old_members.setdefault(sid, set()).add(a)
    all_roots = _copy_roots(conn, every)  # (also those whose original is outside the block: for origins)
    changed: list[tuple[str, str, list[str], _ViaRoots, dict[str, str]]] = []  # block, story, articles, ...
    stale: set[str] = set()
    moved: list[dict[str, str]] = []  # articles whose block or story changes
    reblocked: list[dict[str, str]] = []  # unchanged stories that move to another block
    for group in groups:
        block_id = record_id("block", group[0])
        # a copy whose original is in the block is in its original's story, and compares with others as it does
        in_block = set(group)
        roots = {a: r for a, r in all_roots.items() if a in in_block and r in in_block}
        originals = [a for a in group if a not in roots]
        sims = _ViaRoots(similarity_pairs([profiles[a] for a in originals], model), roots)
        copies_of: dict[str, list[str]] = {}
        for copy, original in roots.items():
            copies_of.setdefault(original, []).append(copy)
        for kept in stories(originals, sims.pairs, model):
            story = sorted(kept + [c for a in kept for c in copies_of.get(a, ())])
            story_id = record_id("story", story[0])
            moved.extend({"aid": a, "block": block_id, "story": story_id} for a in story
                         if old.get(a) != (block_id, story_id))
            if old_members.get(story_id) == set(story):  # unchanged: keep its rows, in their new block
                if any(old[a][0] != block_id for a in story):
                    reblocked.append({"sid": story_id, "block": block_id})
            else:
                changed.append((block_id, story_id, story, sims, roots))
                stale.update(sid for a in story if (sid := old.get(a, (None, None))[1]) is not None)
    if moved:
        conn.execute(update(link_articles).where(link_articles.c.article_id == bindparam("aid"))
                     .values(block_id=bindparam("block"), story_id=bindparam("story")), moved)
    if reblocked:
        for table in STORY_TABLES:
            conn.execute(update(table).where(table.c.story_id == bindparam("sid"))
                         .values(block_id=bindparam("block")), reblocked)
    # all stale rows go before any new row comes: a new story may reuse the id of a stale one
    for table in STORY_TABLES:
        for ids in _chunks(sorted(stale)):
            conn.execute(delete(table).where(table.c.story_id.in_(ids)))
    linked_before = [a for *_, story, _, _ in changed for a in story if old.get(a, (None, None))[1] is not None]
    for table in ARTICLE_TABLES:
        for ids in _chunks(linked_before):
            conn.execute(delete(table).where(table.c.article_id.in_(ids)))
    if not changed:
        return 0
    # a story of one article that is no copy takes the rows computed where the article was analysed, if it was
    # given them (they are of the default event mentions only)
    recent = _recent(conn)
    lone = {} if mentions_for is not mentions_of else {
        story[0]: rows for *_, story, _, _ in changed
        if len(story) == 1 and story[0] not in all_roots and (rows := recent.lone.get(story[0])) is not None}
    members = [a for *_, story, _, _ in changed for a in story if a not in lone]
    found = _ledgers(conn, members)  # the new articles' were read by _link_new: recent
    origins = _origins(conn, [found[a] for a in members], {a: all_roots[a] for a in members if a in all_roots})
    n_links = 0
    for block_id, story_id, story, sims, roots in changed:
        if story[0] in lone:
            rows = lone[story[0]]
        else:
            ledgers = [found[a] for a in story]
            by_article = {lg.article.id: _mentions(conn, lg, mentions_for) for lg in ledgers}
            mentions = [m for lg in ledgers for m in by_article[lg.article.id]]
            # a copy's events and statements are its original's: only the originals are clustered
            in_story = {c: o for c, o in roots.items() if c in by_article and o in by_article}
            same = copies.twins(by_article, in_story, key=lambda m: (m.trigger, m.sentence), ident=lambda m: m.id)
            links = cluster_incidents(mentions, sims, model, same)
            rows = block_rows(block_id, ledgers, mentions, links, origins, in_story)
        n_links += len(rows["incidents"])
        for name, table_rows in placed(rows, block_id, story_id).items():
            pending.setdefault(name, []).extend(table_rows)
    return n_links


class _ViaRoots(Mapping[tuple[str, str], float]):
    """Article similarities of a block's originals, read for copies as their originals' (a copy and its own
    original: 1.0); keys are sorted pairs of article ids, as ``similarity_pairs`` gives."""

    def __init__(self, pairs: dict[tuple[str, str], float], roots: Mapping[str, str]) -> None:
        self.pairs = pairs
        self.roots = roots

    def __getitem__(self, key: tuple[str, str]) -> float:
        a, b = (self.roots.get(k, k) for k in key)
        if a == b:
            return 1.0
        return self.pairs[pair_key(a, b)]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


def _insert(conn: Connection, pending: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the rows of recomputed stories, one statement a table."""
    for name, rows in pending.items():
        insert_rows(conn, metadata.tables[name], rows)


# The store's component for the link tables: their steps, and what deleting an article must do to them.
LINKS = Component("links", ((1, create_link_tables), (2, create_copy_tables), (3, create_lookup_indexes),
                            (4, mark_specific), (5, mark_scattered), (6, date_terms), (7, compact_keys)),
                  before_delete=unlink_articles)


def open_ledger(url: str | None = None) -> Store:
    """Open a ledger (``open_store``) with its link tables up to date: what the CLI, the API and the jobs use,
    so that deleting an article also takes it out of its links."""
    return open_store(url, components=(LINKS,))
