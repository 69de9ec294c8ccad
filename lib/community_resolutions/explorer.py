"""The offence explorer: any offence, any area, any years with offence-level data.

A journalist names an offence the way the Home Office tables or our reference data name it — an
offence code (``"92A"``), a subgroup (``"Possession of drugs"``), a group (``"Drug offences"``),
a category of ``data/reference/offence-mix.csv`` (``"Burglary"``) or a reviewed list (``"child sex
offences"``, ``"serious offences"``) — and gets, for the chosen force or region: how many of those
offences ended in a community resolution, the share, the rank among forces, and every year the
offence-level data hold, in house style.

>>> t = _example()
>>> chosen = select_offences(t, "drug offences")
>>> (chosen.label, chosen.kind, chosen.codes)
('Drug offences', 'offence group', ('92A', '92D'))
>>> found = explore(t, chosen, areas.force_area("Durham"), ["2017/18"], "closed")
>>> found.sentences[0]
'Durham Constabulary closed one in five (20.0%) of drug offences with a community resolution in 2017/18: two of 10,
the highest of 2 forces (England and Wales: 15.0%).'
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import pandas as pd

from . import areas, offences, words
from .errors import UnknownOffence
from .page import years_phrase

OFFENCE_COLUMNS = ["offence_code", "offence_description", "offence_group", "offence_subgroup"]
#: Reviewed lists a person can ask for by name, with the function giving their codes.
NAMED_LISTS = {
    "child sex offences": ("sexual offences against children (reviewed list, data/reference/child-sex-offences.csv)",
                           offences.child_sex_offence_codes),
    "serious offences": ("serious offences (reviewed list, data/reference/serious-offences.csv)",
                         lambda: offences.serious_offences()["offence_code"].tolist()),
}


@dataclass(frozen=True)
class OffenceSelection:
    """What the explorer counts: a label for sentences, how it was matched and the offence codes."""

    label: str
    kind: str  # "offence code", "offence subgroup", "offence group", "category" or "list"
    codes: tuple[str, ...]
    definition: str


@dataclass
class Exploration:
    """The explorer's answer for one selection, area, set of years and basis."""

    selection: OffenceSelection
    per_force: pd.DataFrame  # every force: community_resolution, assigned, share, rank, in_area
    area: dict  # community_resolution, assigned, share (the area's forces together)
    national: dict
    by_year: pd.DataFrame  # offences.yearly for the area's forces
    forces_ranked: int
    sentences: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    """Names compared ignoring case, dashes, punctuation and spacing.

    >>> _key("  Possession of  drugs "), _key("Caution – adults")
    ('possession of drugs', 'caution adults')
    """
    kept = "".join(ch if ch.isalnum() else " " for ch in str(text).casefold())
    return " ".join(kept.split())


def _candidates(table: pd.DataFrame) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    """Every name a selection can use: (key, label, kind, codes, definition)."""
    held = table[OFFENCE_COLUMNS].drop_duplicates("offence_code")
    names: list[tuple[str, str, str, tuple[str, ...], str]] = []
    for row in held.itertuples(index=False):
        names.append((_key(row.offence_code), f"{row.offence_description} (code {row.offence_code})",
                      "offence code", (row.offence_code,), "one Home Office offence code"))
    for column, kind in (("offence_subgroup", "offence subgroup"), ("offence_group", "offence group")):
        for name, group in held.groupby(column, sort=True):
            if str(name).strip():
                names.append((_key(name), str(name), kind, tuple(sorted(group["offence_code"])),
                              f"the Home Office {kind} {name!r}"))
    mix = pd.read_csv(offences.OFFENCE_MIX_FILE, dtype=str, keep_default_na=False)
    child = set(offences.child_sex_offence_codes())
    for category, rules in mix.groupby("category", sort=False):
        mask = pd.Series(False, index=held.index)
        for rule in rules.itertuples(index=False):
            mask |= (held["offence_code"].isin(child) if rule.match_column == "child_sex_offences"
                     else held[rule.match_column] == rule.match_value)
        names.append((_key(category), category, "category", tuple(sorted(held.loc[mask, "offence_code"])),
                      f"the category {category!r} of data/reference/offence-mix.csv"))
    for name, (definition, codes) in NAMED_LISTS.items():
        wanted = set(codes())
        names.append((_key(name), definition.split(" (")[0].capitalize(), "list",
                      tuple(sorted(c for c in held["offence_code"] if c in wanted)), definition))
    return names


def select_offences(table: pd.DataFrame, query: str) -> OffenceSelection:
    """The offences a name stands for. Codes are tried first, then subgroups, groups, categories
    and lists; an unknown name is :class:`UnknownOffence` with the closest names.

    >>> select_offences(_example(), "92a").label
    'Trafficking in controlled drugs (code 92A)'
    >>> select_offences(_example(), "drug ofences")
    Traceback (most recent call last):
    ...
    community_resolutions.errors.UnknownOffence: no offence code, subgroup, group, category or list is called 'drug ofences'. Did
    you mean: Drug offences?
    """
    if not isinstance(query, str) or not query.strip():
        raise UnknownOffence(f"name an offence: a code such as '92A', a subgroup, a group or a list, not {query!r}")
    wanted = _key(query)
    names = _candidates(table)
    for kind in ("offence code", "offence subgroup", "offence group", "category", "list"):
        for key, label, found_kind, codes, definition in names:
            if found_kind == kind and key == wanted:
                return OffenceSelection(label, kind, codes, definition)
    close = difflib.get_close_matches(wanted, [key for key, *_ in names], n=3, cutoff=0.75)
    labels = [next(label for key, label, *_ in names if key == match) for match in close]
    hint = f". Did you mean: {', '.join(labels)}?" if labels else ""
    raise UnknownOffence(f"no offence code, subgroup, group, category or list is called {query!r}{hint}")


def _noun(selection: OffenceSelection) -> str:
    """The selection as a plural noun phrase for a sentence: 'drug offences', 'offences of burglary'."""
    if selection.kind == "offence code":
        return f"offences of {selection.label[0].lower()}{selection.label[1:]}"
    label = selection.label[0].lower() + selection.label[1:] if selection.kind != "offence code" else selection.label
    return label if label.endswith(("offences", "offences against children")) else f"offences of {label}"


def explore(table: pd.DataFrame, selection: OffenceSelection, area: areas.Area, years: list[str],
            basis: str) -> Exploration:
    """Count community resolutions for ``selection`` in ``area`` over ``years`` (years the table
    does not hold are left out; :func:`offences.split_years` names them), rank every force, and
    say it in house style. An empty selection gives a sentence, never an error.
    """
    rows = table["offence_code"].isin(selection.codes)
    chosen = table[rows]
    forces_all = areas.all_forces()
    per_force = offences.outcome_counts(chosen, forces_all, years, basis, by=["force"])
    per_force = pd.DataFrame({"force": forces_all}).merge(per_force, on="force", how="left")
    per_force[["community_resolution", "assigned"]] = per_force[["community_resolution", "assigned"]].fillna(0).astype("int64")
    per_force["share"] = per_force["community_resolution"] / per_force["assigned"].where(per_force["assigned"] > 0)
    per_force["rank"] = per_force["share"].rank(ascending=False, method="min").astype("Int64")
    per_force["in_area"] = per_force["force"].isin(area.forces)
    per_force = per_force.sort_values(["share", "force"], ascending=[False, True], na_position="last").reset_index(drop=True)

    def total(frame: pd.DataFrame) -> dict:
        cr, assigned = int(frame["community_resolution"].sum()), int(frame["assigned"].sum())
        return {"community_resolution": cr, "assigned": assigned, "share": cr / assigned if assigned else float("nan")}

    result = Exploration(selection, per_force, total(per_force[per_force["in_area"]]), total(per_force),
                         offences.yearly(table, area.forces, basis, rows=rows), int(per_force["share"].notna().sum()))
    result.sentences = sentences(result, area, years)
    return result


def sentences(result: Exploration, area: areas.Area, years: list[str]) -> list[str]:
    """The explorer's findings in words: the area's share and rank, then the latest year's change.

    Durham's five possession offences (92D) all had another outcome; Cleveland closed one of four
    this way, so England and Wales (these two forces) closed one of nine:

    >>> found = explore(_example(), select_offences(_example(), "92D"), areas.force_area("Durham"), ["2017/18"], "closed")
    >>> found.sentences[0]
    'Durham Constabulary closed none of its offences of possession of controlled drugs (code 92D) with a community resolution in
    2017/18 (none of five given an outcome; England and Wales: 11.1%).'
    """
    noun = _noun(result.selection)
    when = years_phrase(years) if years else "in the years asked for"
    who = area.subject
    mine, national = result.area, result.national
    if mine["assigned"] == 0:
        return [f"The offence-level data hold no {noun} given an outcome for {area.in_sentence} {when}."]
    count = words.count_of(mine["community_resolution"], mine["assigned"], "").strip()
    compare = "" if area.is_national else f"England and Wales: {words.percent(national['share'])}"
    if mine["community_resolution"] == 0:
        whose = "its" if area.is_force else "their"
        lead = (f"{who} closed none of {whose} {noun} with a community resolution {when} "
                f"(none of {words.number(mine['assigned'])} given an outcome" + (f"; {compare})." if compare else ")."))
    else:
        lead = f"{who} closed {words.share_phrase(mine['share'])} of {noun} with a community resolution {when}: {count}"
        if area.is_force:
            row = result.per_force[result.per_force["force"] == area.forces[0]].iloc[0]
            lead += f", {words.rank_phrase(int(row['rank']), result.forces_ranked)}"
        lead += f" ({compare})." if compare else "."
    said = [lead]
    if result.by_year["assigned"].gt(0).sum() > 1:
        said.append(offences.yearly_sentence(who, noun, result.by_year))
    return said


def area_table(result: Exploration) -> pd.DataFrame:
    """The area's forces as a table an editor reads: counts, share and rank among forces.

    >>> drugs = select_offences(_example(), "drug offences")
    >>> found = explore(_example(), drugs, areas.force_area("Durham"), ["2017/18"], "closed")
    >>> area_table(found).values.tolist()
    [['Durham', 2, 10, '20.0%', 'the highest of 2 forces']]
    """
    mine = result.per_force[result.per_force["in_area"]].sort_values("force")
    return pd.DataFrame({
        "Force": mine["force"],
        "Community resolutions": mine["community_resolution"],
        "Given an outcome": mine["assigned"],
        "Share": mine["share"].map(words.percent),
        "Rank": [words.rank_phrase(int(r), result.forces_ranked) if pd.notna(r) else "no outcomes"
                 for r in mine["rank"]],
    }).reset_index(drop=True)


def year_table(result: Exploration) -> pd.DataFrame:
    """Every year the offence-level data hold, for the area: counts, share, change and source.

    >>> found = explore(_example(), select_offences(_example(), "92A"), areas.force_area("Durham"), ["2017/18"], "closed")
    >>> year_table(found).values.tolist()
    [['2017/18', 2, 5, '40.0%', '', 'example (2019)']]
    """
    return offences.yearly_table(result.by_year)


def record(result: Exploration, findings) -> None:
    """Put the explorer's figures, sentences and chart data into a :class:`findings.Findings`."""
    findings.add("area_community_resolutions", result.area["community_resolution"],
                 "the area: offences closed by community resolution")
    findings.add("area_assigned", result.area["assigned"], "the area: offences given an outcome")
    findings.add("area_share", result.area["share"], "the area: share", numerator="area_community_resolutions",
                 denominator="area_assigned")
    findings.add("national_community_resolutions", result.national["community_resolution"],
                 "England and Wales: closed by community resolution")
    findings.add("national_assigned", result.national["assigned"], "England and Wales: given an outcome")
    findings.add("national_share", result.national["share"], "England and Wales: share",
                 numerator="national_community_resolutions", denominator="national_assigned")
    for row in result.per_force[result.per_force["in_area"]].itertuples(index=False):
        slug = areas.force_slug(row.force)
        findings.add(f"{slug}_community_resolutions", row.community_resolution, f"{row.force}: closed by community resolution")
        findings.add(f"{slug}_assigned", row.assigned, f"{row.force}: given an outcome")
        findings.add(f"{slug}_share", row.share, f"{row.force}: share", numerator=f"{slug}_community_resolutions",
                     denominator=f"{slug}_assigned", rank=row.rank, of=result.forces_ranked)
    for row in result.by_year.itertuples(index=False):
        year = row.financial_year.replace("/", "_")
        findings.add(f"area_community_resolutions_{year}", row.community_resolution,
                     f"the area, {row.financial_year}: closed by community resolution")
        findings.add(f"area_assigned_{year}", row.assigned, f"the area, {row.financial_year}: given an outcome",
                     source=row.source)
    for sentence in result.sentences:
        findings.say(sentence)
    findings.chart("forces", result.per_force)
    findings.chart("years", result.by_year)


def _example() -> pd.DataFrame:
    """A tiny offence-level table for the doctests: two forces, two drug codes, one year."""
    rows = []
    for force, code, cr, other in [("Durham", "92A", 2, 3), ("Durham", "92D", 0, 5),
                                   ("Cleveland", "92A", 0, 6), ("Cleveland", "92D", 1, 3)]:
        description = {"92A": "Trafficking in controlled drugs", "92D": "Possession of controlled drugs"}[code]
        subgroup = {"92A": "Trafficking of drugs", "92D": "Possession of drugs"}[code]
        for outcome, count in ((8, cr), (1, other)):
            rows.append({"financial_year": "2017/18", "force": force, "offence_code": code,
                         "offence_description": description, "offence_group": "Drug offences",
                         "offence_subgroup": subgroup, "outcome_type": outcome, "closed": count, "recorded": count,
                         "source": "example", "published": "2019"})
    return pd.DataFrame(rows)
