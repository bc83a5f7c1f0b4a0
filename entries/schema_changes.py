"""Which changes a form may take once entries were made with it.

Entries keep the form they were started with, so a change reaches every entry already made: it
is allowed only when every existing answer stays readable and every entry that satisfied the
form still does. Allowed: adding an optional field or step, rewording (titles, labels, help,
intros, choice labels, column names), raising a limit, adding a choice, a currency or a kind of
file, moving fields and steps, marking more answers as identifying, adding a condition
(``show_if``) to a field (hiding only relaxes what is required). Changing or removing the
condition of a required field is refused: entries that did not have to answer it may lack it.
Anything else is refused with the reason and what to do instead (usually: make a copy of the
form for new entries).

No database: ``problems(old, new)`` compares two schemas (dicts) and returns the refusals, in
form order (translated sentences); none means the change is safe.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .schema import Field, Schema, Step

# Limits where a larger value allows more, and where a smaller one does.
RAISABLE = ("max_length", "max_words", "max", "max_items")
LOWERABLE = ("min", "min_items")
STEP_RAISABLE = ("max_files", "max_mb")


def _copy_instead() -> str:
    return _("Make a copy of the form for new entries instead.")


def _field_problems(old: Field, new: Field, step_title: str) -> list[str]:
    where = {"field": old.label, "step": step_title}
    found = []
    if new.type != old.type:
        found.append(_("Keep “%(field)s” (%(step)s) as the same kind of answer: the answers "
                       "already given would no longer read.") % where)
        return found
    if new.required and not old.required:
        found.append(_("Leave “%(field)s” (%(step)s) optional: entries submitted without it "
                       "would no longer be complete.") % where)
    for name in RAISABLE:
        before, after = getattr(old, name), getattr(new, name)
        if before is None and after is not None or (
                before is not None and after is not None and after < before):
            found.append(_("Keep the limit of “%(field)s” (%(step)s) where it is or raise it: "
                           "answers already given may pass a lower one.") % where)
            break
    for name in LOWERABLE:
        before, after = getattr(old, name), getattr(new, name)
        if after is not None and (before is None or after > before):
            found.append(_("Keep the minimum of “%(field)s” (%(step)s) where it is or lower "
                           "it: answers already given may fall short of a higher one.") % where)
            break
    removed = old.choice_values - new.choice_values
    if removed:
        found.append(_("Keep the options of “%(field)s” (%(step)s): answers already chose "
                       "%(options)s. You may reword an option's label.")
                     % {**where, "options": ", ".join(sorted(removed))})
    if [key for key, _label in old.columns] != [key for key, _label in new.columns][
            :len(old.columns)]:
        found.append(_("Keep the columns of “%(field)s” (%(step)s) in place (you may add "
                       "columns at the end and reword their names).") % where)
    gone = old.currency_codes - new.currency_codes
    if gone:
        found.append(_("Keep the currencies of “%(field)s” (%(step)s): answers may already be "
                       "in %(currencies)s. You may add currencies.")
                     % {**where, "currencies": ", ".join(sorted(gone))})
    if new.required and old.show_if is not None and _condition(new) != _condition(old):
        found.append(_("Keep the condition of “%(field)s” (%(step)s) as it is: the field is "
                       "required, and entries that did not have to answer it may lack it.")
                     % where)
    if new.public and not old.public:
        found.append(_("Leave “%(field)s” (%(step)s) private: entrants answered it without "
                       "being told it could be published.") % where)
    return found


def _condition(f: Field) -> tuple | None:
    """A field's ``show_if`` as the form states it: the other field's key and the values."""
    if f.show_if is None:
        return None
    return f.show_if.field.key, frozenset(f.show_if.values)


def _step_problems(old: Step, new: Step) -> list[str]:
    where = {"step": old.title}
    found = []
    if new.kind != old.kind:
        found.append(_("Keep the step “%(step)s” the same kind of step.") % where)
        return found
    for name in STEP_RAISABLE:
        if getattr(new, name) < getattr(old, name):
            found.append(_("Keep the file limits of “%(step)s” where they are or raise them: "
                           "files already uploaded may pass lower ones.") % where)
            break
    dropped = set(old.file_kinds) - set(new.file_kinds)
    if dropped:
        found.append(_("Keep the kinds of file “%(step)s” accepts (%(kinds)s): entries may "
                       "already hold such files. You may add kinds.")
                     % {**where, "kinds": ", ".join(k.upper() for k in sorted(dropped))})
    if new.min_files > old.min_files:
        found.append(_("Keep the number of files required on “%(step)s” where it is: entries "
                       "submitted with fewer would no longer be complete.") % where)
    if old.identifying and not new.identifying:
        found.append(_("Keep “%(step)s” hidden from judges of blind rounds: entrants answered "
                       "it expecting that.") % where)
    return found


def problems(old: dict, new: dict) -> list[str]:
    """The refusals of changing a form with entries from ``old`` to ``new`` (both must parse:
    ``Schema.parse`` raises ``SchemaError`` for a form the platform cannot read)."""
    before, after = Schema.parse(old), Schema.parse(new)
    found: list[str] = []
    if after.title_field != before.title_field:
        found.append(_("Keep the same field as the entries' title."))
    new_steps = {s.key: s for s in after.steps}
    new_fields = dict(after.fields_by_key)
    new_step_of = {f.key: s for s in after.steps for f in s.fields}
    for step in before.steps:
        if step.key not in new_steps:
            found.append(_("Keep the step “%(step)s”: entries hold its answers or files. "
                           "%(instead)s") % {"step": step.title, "instead": _copy_instead()})
            continue
        found += _step_problems(step, new_steps[step.key])
        for f in step.fields:
            if f.key not in new_fields:
                found.append(_("Keep the field “%(field)s” (%(step)s): entries hold its "
                               "answers. %(instead)s")
                             % {"field": f.label, "step": step.title,
                                "instead": _copy_instead()})
                continue
            found += _field_problems(f, new_fields[f.key], step.title)
            if f.identifying and not new_fields[f.key].identifying \
                    and not new_step_of[f.key].identifying:
                found.append(_("Keep “%(field)s” (%(step)s) hidden from judges of blind "
                               "rounds: entrants answered it expecting that.")
                             % {"field": f.label, "step": step.title})
    old_keys = set(before.fields_by_key)
    for step in after.steps:
        for f in step.fields:
            if f.key not in old_keys and f.required:
                found.append(_("Make the new field “%(field)s” (%(step)s) optional: entries "
                               "already submitted do not have it. %(instead)s")
                             % {"field": f.label, "step": step.title,
                                "instead": _copy_instead()})
        if step.key not in {s.key for s in before.steps} and step.min_files:
            found.append(_("Ask for no required file on the new step “%(step)s”: entries "
                           "already submitted do not have them. %(instead)s")
                         % {"step": step.title, "instead": _copy_instead()})
    return found
