"""Stage 7: events. Which articles report the same event (grouping), and one neutral, attributed
account per event with its translations and checks (the stage).

    grouping  which articles report the same event (TF-IDF, clustering): group_events
      inputs      what grouping reads: EventItem, GroupingOptions
      words       tokens in ASCII for any script, and stopwords
      features    a summary's word, name and figure counts; TF-IDF rows
      similarity  sparse similarities within the time window, block by block
      edges       strong components and the bounded edges handed to the clustering
      units       the groups the clustering starts from, given events kept apart
      clustering  agglomeration with the top-k linkage
    members   the article stage's rows as the event stage reads them
    answer    the account the model answers with, and its schema
    account   one event's account: one call, or map-reduce over groups of sources
    checks    the account's checks, on the shared check base
    rows      the rows of `events` and `event_articles`
    stage     the stage driver and its writes
    run       the stage as a run calls it: after its articles, or over OUTPUT (newsum.events.run)
"""

from newsum.events.account import (
    EventOptions,
    EventOutcome,
    map_groups,
    reduce_round,
    source_entry,
    split_sources,
    summarize_event,
)
from newsum.events.answer import (
    Account,
    Difference,
    EventSummary,
    PartyClaims,
    Statement,
    event_schema,
    statements_of,
)
from newsum.events.checks import check_event_summary
from newsum.events.edges import Edges, similarity_edges
from newsum.events.grouping import Assignment, Grouping, auto_event_id, group_events
from newsum.events.inputs import EventItem, GroupingOptions
from newsum.events.members import (
    Member,
    assign_events,
    load_members,
    members_from_rows,
    source_labels,
)
from newsum.events.rows import EventBase, failed_rows, link_rows, single_article_rows
from newsum.events.stage import EventStage, event_rows, run_event_stage, write_event_outputs
from newsum.events.words import TokenKind, stopwords, tokens

__all__ = [
    "Account",
    "Assignment",
    "Difference",
    "Edges",
    "EventBase",
    "EventItem",
    "EventOptions",
    "EventOutcome",
    "EventStage",
    "EventSummary",
    "Grouping",
    "GroupingOptions",
    "Member",
    "PartyClaims",
    "Statement",
    "TokenKind",
    "assign_events",
    "auto_event_id",
    "check_event_summary",
    "event_rows",
    "event_schema",
    "failed_rows",
    "group_events",
    "link_rows",
    "load_members",
    "map_groups",
    "members_from_rows",
    "reduce_round",
    "run_event_stage",
    "similarity_edges",
    "single_article_rows",
    "source_entry",
    "source_labels",
    "split_sources",
    "statements_of",
    "stopwords",
    "summarize_event",
    "tokens",
    "write_event_outputs",
]
