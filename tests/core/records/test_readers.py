"""Each reader on the real documents in documents/ (SOURCES.md says where each comes from): what it gets right, and
the pitfalls FORMATS.md lists, one test each."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from bot.core.records.document import choose_format, decode, detect, read_notes
from bot.core.records.notes import Notes

DOCUMENTS = Path(__file__).parent / "documents"


def read(name: str, format: str = "auto") -> Notes:
    path = DOCUMENTS / name
    text = decode(path.read_bytes())
    return read_notes(text, format=choose_format(text, path.name, format), name=path.name)


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("wiki/meeting-notes-confluence-export.txt", "wiki"),
        ("constructed/meeting-notes-example.storage.xhtml", "confluence"),
        ("confluence/retail-complaints-weekly-2024.storage.xhtml", "confluence"),
        ("confluence/desy-p06-group-meeting-2019-02.storage.xhtml", "confluence"),
        ("confluence/maintenance-notes-2023-10-12.storage.xhtml", "confluence"),
        ("confluence/cloud-blueprint-2025-06-15.export_view.html", "confluence"),
        ("markdown/ember-core-team-2019-01-18.md", "markdown"),
        ("markdown/nodejs-tsc-2018-08-29.md", "markdown"),
        ("markdown/rust-leadership-council-2024-01-05.md", "markdown"),
        ("meetbot/fedora-magazine-2020-06-10.txt", "meetbot"),
        ("meetbot/fedora-magazine-2020-06-10.html", "meetbot"),
        ("meetbot/fedora-iot-2020-06-10.txt", "meetbot"),
        ("meetbot/fedora-iot-2020-06-10.html", "meetbot"),
        ("meetbot/fedora-releng-2015-02-09.txt", "meetbot"),
        ("w3c/w3c-wcag-act-2021-10-28.html", "w3c"),
        ("w3c/browserext-cg-2016-05-05.html", "w3c"),
        ("w3c/json-ld-cg-2022-07-20.md", "w3c"),
    ],
)
def test_each_real_document_is_recognised(name: str, found: str) -> None:
    path = DOCUMENTS / name
    assert detect(decode(path.read_bytes()), path.name) == found


# -- the wiki page, pasted ---------------------------------------------------------------------------------------


def test_the_wiki_page_pasted_as_text() -> None:
    notes = read("wiki/meeting-notes-confluence-export.txt")
    assert notes.format == "wiki" and notes.date is None  # the page has no date: the importer asks for it
    assert notes.attendees == ("Jonathan", "Leonardo", "Kevin", "Jon", "Andy")  # who spoke (no list on the page)
    assert notes.topics == (
        "System Ready Compliant Platform Collaboration (SRCPC)",
        "Deploy CCA on Arm Platforms (DCAP)",
        "Strategy and direction for 2024",
    )
    [action] = notes.actions
    assert action.text.startswith("Leonardo Garcia will check the state of Rust with Linaro tool chain team.")
    assert action.day_first is True  # the page writes //dd-mm-yyyy
    assert notes.decisions == ("We will not work on BMC software this year.",)
    assert [(u.project, u.author) for u in notes.updates] == [
        ("SRCPC", None),
        ("SRCPC", "Jonathan"),
        ("DCAP", "Leonardo"),
        ("DCAP", "Kevin"),
    ]
    assert [(e.line, e.note) for e in notes.events] == [
        ("Supercomputing SC23: November 12-17, 2023, Denver, CO, USA", ""),
        ("FOSDEM 2024: February 3-4, 2024, Brussels, Belgium", "Confidential Computing dev room."),
    ]
    assert notes.next_meeting is None  # "In the next steering committee meeting we will have a demo": no date
    assert notes.skipped[0].line == "@ name action item here //dd-mm-yyyy"
    assert {s.line for s in notes.skipped[1:]} >= {"Google drive docs |", "height | 250 |", "Project mailing list:"}


def test_the_template_line_alone_is_skipped_and_makes_no_item() -> None:
    notes = read_notes("Action Items\n- @ name action item here //dd-mm-yyyy\n", format="wiki")
    assert notes.actions == () and notes.skipped[0].why.startswith("the wiki's empty template line")


def test_a_date_in_the_file_name_dates_a_pasted_page() -> None:
    notes = read_notes("Action Items\n- Kevin to send the slides\n", format="wiki", name="steering-2024-01-10.txt")
    assert notes.date == date(2024, 1, 10)


# -- the same page as Confluence storage XHTML -----------------------------------------------------------------


def test_the_example_as_confluence_storage() -> None:
    notes = read("constructed/meeting-notes-example.storage.xhtml")
    assert notes.date == date(2024, 1, 10)  # the <time> under the Date heading
    assert notes.attendees[:2] == ("Leonardo Garcia", "Confluence user 8aa4c5d3787c946a0178d183b5a00058")
    leonardo, kevin = notes.actions
    assert leonardo.owners == ("Leonardo Garcia",) and leonardo.due == date(2024, 3, 1) and not leonardo.done
    assert leonardo.text.startswith("check the state of Rust")  # "@Leonardo Garcia will check …"
    assert kevin.owners == ("kevin",) and kevin.done
    assert notes.decisions == ("We will not work on BMC software this year.",)  # ADF list and line, once
    assert [u.project for u in notes.updates] == ["SRCPC", "SRCPC", "DCAP", "DCAP"]
    assert [e.note for e in notes.events] == ["", "Confidential Computing dev room."]
    assert notes.next_meeting == date(2024, 2, 14)
    assert notes.skipped[0].line == "@ name action item here //dd-mm-yyyy"  # the placeholder task


def test_confluence_tasks_anywhere_with_their_owner_link_and_due_date() -> None:
    notes = read("confluence/retail-complaints-weekly-2024.storage.xhtml")
    assert len(notes.actions) == 5 and all(a.done for a in notes.actions)  # all `complete`, inside layout cells
    assert {a.owners for a in notes.actions} == {("Confluence user 8aa4c5d3787c946a0178d183b5a00058",)}
    assert notes.actions[2].text == "POST MEETING - clean up" and notes.actions[2].due == date(2024, 6, 5)
    assert notes.date is None  # a <time> in a task is its due date, never the meeting's day


def test_confluence_placeholder_task_and_plain_text_attendees() -> None:
    notes = read("confluence/maintenance-notes-2023-10-12.storage.xhtml")
    assert notes.date == date(2023, 10, 12)
    assert notes.attendees == ("Hrvoje Dakovic", "Ilknur Manav")
    assert notes.actions == () and notes.skipped[0].why == "the editor's empty task placeholder"


def test_confluence_discussion_table_gives_topics_and_an_empty_attendee_is_nobody() -> None:
    notes = read("confluence/desy-p06-group-meeting-2019-02.storage.xhtml")
    assert notes.topics == (
        "Meta-data Server",
        "Eiger maintenance",
        "P05 SE",
        "new KB chamber",
        "4 BMBF proposals",
        "rotation stage",
        "Vacuum system",
    )
    assert notes.attendees == ()  # `<li>&nbsp;</li>`; "Kipp: Time resolved XEOL" is no speaker
    assert notes.date is None  # "2019-02-??": the planned <time> in a cell is not the meeting's day


def test_confluence_cloud_rendered_page() -> None:
    notes = read("confluence/cloud-blueprint-2025-06-15.export_view.html")
    assert notes.date == date(2025, 6, 15) and notes.attendees == ("kouMatsumoto",)
    assert notes.actions == () and notes.decisions == ()  # the blueprint's empty task and decision list


# -- Markdown -----------------------------------------------------------------------------------------------------


def test_ember_task_lists_for_attendance_and_actions() -> None:
    notes = read("markdown/ember-core-team-2019-01-18.md")
    assert notes.date == date(2019, 1, 18)  # "# Meeting: Ember Core Team 2019/01/18"
    assert len(notes.attendees) == 14 and "Stefan Penner" not in notes.attendees  # `[ ]` is absent
    assert [(a.text[:20], a.done) for a in notes.actions] == [
        ("@Godfrey C to commen", False),
        ("@Robert J add “decid", True),
        ("@Robert J to merge R", True),
        ("@Robert J to merge G", True),
    ]
    assert notes.decisions == ("Resolution to merge.", "Resolved to merge.")
    assert "Addonify Ember" in notes.topics


def test_node_present_list_and_a_prose_decision() -> None:
    notes = read("markdown/nodejs-tsc-2018-08-29.md")
    assert notes.date == date(2018, 8, 29)
    assert notes.attendees[:2] == ("Colin Ihrig", "Daniel Bevenius") and len(notes.attendees) == 9
    assert notes.decisions == ("We agreed to remove from agenda and it can be added back if there is a reason later.",)
    assert notes.actions == ()  # "Rich will email …" is prose: the minutes keep it, no item is guessed
    assert any("[#21351]" not in m and "#21351" in m for m in notes.minutes)  # the wrapped bullet is joined


def test_rust_attendance_labels() -> None:
    notes = read("markdown/rust-leadership-council-2024-01-05.md")
    assert notes.date == date(2024, 1, 5)
    assert notes.attendees == ("Carol", "Mark", "Mara", "Eric Holk", "Eric Huss", "Jack Huey", "Josh Gould", "Ryan",
                               "TC", "Niko")  # fmt: skip
    assert "Jonathan" not in notes.attendees  # "Apologies: Jonathan"
    assert notes.decisions == ("No objections to participating in GSOC.",)


def test_markdown_project_updates_events_and_a_table_of_actions() -> None:
    text = """# Steering 2024-03-05

## Attendees
- Leonardo Garcia, Kevin Zhao

## Action items
| Task | Owner | Due |
|---|---|---|
| check Rust with the toolchain team | Leonardo | 2024-03-12 |

- [x] Kevin to book the room

## Project updates
### DCAP
- Leonardo: QEMU runs a realm
## Events
- FOSDEM 2025: February 1-2, 2025, Brussels, Belgium
  - Confidential Computing dev room.

Next meeting: 2024-03-19
"""
    notes = read_notes(text, format="markdown")
    assert notes.date == date(2024, 3, 5) and notes.attendees == ("Leonardo Garcia", "Kevin Zhao")
    assert [(a.text, a.done) for a in notes.actions] == [
        ("| check Rust with the toolchain team | Leonardo | 2024-03-12 |", False),
        ("Kevin to book the room", True),
    ]
    assert [(u.project, u.text, u.author) for u in notes.updates] == [("DCAP", "QEMU runs a realm", "Leonardo")]
    assert [(e.line, e.note) for e in notes.events] == [
        ("FOSDEM 2025: February 1-2, 2025, Brussels, Belgium", "Confidential Computing dev room.")
    ]
    assert notes.next_meeting == date(2024, 3, 19)


# -- MeetBot ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meetbot/fedora-magazine-2020-06-10.txt", "meetbot/fedora-magazine-2020-06-10.html"])
def test_meetbot_each_action_once_with_its_nick(name: str) -> None:
    notes = read(name)
    assert notes.date == date(2020, 6, 10) and notes.time == time(12, 2, 26) and notes.zone == "UTC"
    assert len(notes.actions) == 8  # printed three times: under the topic, "Action Items", "by person"
    assert notes.actions[0].text == "sysoplab to edit #184 and #188" and notes.actions[0].mentioned == ("sysoplab",)
    assert notes.actions[-1].text == (
        "bcotton to make a first pass of stats, etc for the infographic and then share to the mailing list for review"
    )  # wrapped over three lines, its trailer taken off, "Meeting ended" not swallowed
    assert len(notes.decisions) == 2 and notes.decisions[1].startswith("We will delay the dates of the Discourse")
    assert notes.attendees == ("bcotton", "sysoplab", "asamalik", "gregbartholomew", "jakfrost", "cverna")
    assert "zodbot" not in notes.attendees and {s.line for s in notes.skipped} >= {"misc (0)", "sub_pop (0)"}
    assert len(notes.topics) == 12


def test_meetbot_text_and_html_read_alike() -> None:
    text, html = read("meetbot/fedora-magazine-2020-06-10.txt"), read("meetbot/fedora-magazine-2020-06-10.html")
    assert text.actions == html.actions and text.decisions == html.decisions and text.topics == html.topics


@pytest.mark.parametrize("name", ["meetbot/fedora-iot-2020-06-10.txt", "meetbot/fedora-iot-2020-06-10.html"])
def test_meetbot_without_actions(name: str) -> None:
    notes = read(name)
    assert notes.actions == () and notes.topics == ("roll call",)  # "(none)" is no item
    assert notes.attendees == ("pbrobinson", "bcotton", "laubersm", "kushal")


def test_meetbot_wrapped_topics_and_a_date_in_the_title() -> None:
    notes = read("meetbot/fedora-releng-2015-02-09.txt")
    assert notes.date == date(2015, 2, 9)
    assert "#5959 Enable keep-alive connections for koji (primary and secondaries)" in notes.topics
    assert [a.text for a in notes.actions] == [
        "pbrobinson to send patch to infra list enabling keepalive",
        "dgilmore will make a choice when making the keys",
        "dgilmore to make this happen",
    ]


# -- W3C ----------------------------------------------------------------------------------------------------------


def test_scribe2_resolutions_once_and_proposals_never() -> None:
    notes = read("w3c/w3c-wcag-act-2021-10-28.html")
    assert notes.date == date(2021, 10, 28)
    assert notes.attendees == ("Daniel", "KarenHerr", "kathyeng", "Wilco")
    assert notes.decisions == (
        "Accept Lang valid tag, and form non-empty name rules",
        "Accept language input aspect update",
    )
    assert notes.actions == () and len(notes.topics) == 3


def test_scribe_v1_resolution_and_a_relative_next_meeting() -> None:
    notes = read("w3c/browserext-cg-2016-05-05.html")
    assert notes.date == date(2016, 5, 5)  # from the Jekyll front matter's title
    assert notes.attendees == ("Florian Rivoal", "Kris Maglione", "Andy McKay")
    assert notes.decisions == ("Start a new separate draft for Native Messaging, with an editor from Mozilla",)
    assert notes.next_meeting == date(2016, 5, 19)  # "2 weeks from now, same time same day of the week"
    assert notes.skipped[0].line == "Mike Pietraszak"  # regrets


def test_scribejs_actions_with_owner_and_the_bots_due_date_once() -> None:
    notes = read("w3c/json-ld-cg-2022-07-20.md")
    assert notes.date == date(2022, 7, 20) and len(notes.attendees) == 7
    assert [(a.text, a.owners, a.due) for a in notes.actions] == [
        ("add section outlining conversion to JSON.", ("Gregg Kellogg",), date(2022, 7, 27)),
        ("contribute section on the basic profile.", ("Rob Atkinson",), date(2022, 7, 27)),
    ]
    assert notes.decisions == ("extensive round-tripping to preserve original YAML shape is out-of-scope.",)
    assert notes.next_meeting == date(2022, 8, 3)  # the next agenda's address, …/20220803T160000
    assert notes.topics == ("Announcements and Introductions", "Approve Minutes", "YAML-LD")


# -- forms the real samples do not show (from the generators' own conventions) ----------------------------------


def test_scribe2_actions_inline_and_in_the_summary_once() -> None:
    html = """<!DOCTYPE html><html><body><h1>Group</h1><h2>02 October 2025</h2>
<div id=attendees><dl class=intro><dt>Present</dt><dd>Wilco, Jean_Yves</dd><dt>Regrets</dt><dd>-</dd></dl></div>
<main id=meeting class=meeting><section><h3 id=t01>Rules</h3>
<p id=x01 class=action><strong>Action:</strong> Wilco to draft the rule by 2025-10-09</p>
<p id=x02 class=irc><cite>&lt;Wilco&gt;</cite> proposed RESOLUTION: ship it</p>
</section></main>
<div id=ActionSummary><h2>Summary of action items</h2>
<ol><li><a href="#x01">Wilco to draft the rule by 2025-10-09</a></li></ol></div>
<address>formatted by <a href="https://w3c.github.io/scribe2/scribedoc.html">scribe.perl</a> version 149</address>
</body></html>"""
    notes = read_notes(html, format="w3c")
    assert notes.date == date(2025, 10, 2) and notes.attendees == ("Wilco", "Jean Yves")
    assert [a.text for a in notes.actions] == ["Wilco to draft the rule by 2025-10-09"]
    assert notes.decisions == ()  # a proposal is not a decision


def test_scribe_v1_summary_lists_only_new_actions_when_none_is_inline() -> None:
    html = """<html><body><div class="intro"><dl><dt>Present</dt><dd>Ana (ana)</dd></dl></div>
<div class="meeting"><h3 id="item01">Planning</h3><p class="phone"><cite>ana:</cite> let us plan</p></div>
<h2><a name="ActionSummary" id="ActionSummary">Summary of Action Items</a></h2>
<!-- Action Items -->
<ol><li>[NEW] ACTION: ana to write the plan [recorded in http://www.w3.org/2016/05/05-x-minutes.html#action01]</li>
<li>[PENDING] ACTION: bob to review the old plan</li></ol>
<p>Minutes formatted by David Booth's scribe.perl version 1.144</p></body></html>"""
    notes = read_notes(html, format="w3c", name="2016-05-05.html")
    assert [a.text for a in notes.actions] == ["ana to write the plan"]


def test_confluence_tasks_in_a_report_macro_are_other_pages_and_nested_tasks_count() -> None:
    page = """<h2>Action items</h2><ac:task-list><ac:task><ac:task-id>1</ac:task-id>
<ac:task-status>incomplete</ac:task-status><ac:task-body>Jon to book the room
<ac:task-list><ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status>
<ac:task-body>Kevin to send the slides</ac:task-body></ac:task></ac:task-list></ac:task-body></ac:task></ac:task-list>
<ac:structured-macro ac:name="tasks-report-macro">
<ac:parameter ac:name="spaces">X</ac:parameter></ac:structured-macro>"""
    notes = read_notes(page, format="wiki")
    assert [(a.text, a.done) for a in notes.actions] == [
        ("Jon to book the room", False),
        ("Kevin to send the slides", True),
    ]


def test_meetbot_next_meeting_topic() -> None:
    text = """==========
#team: Weekly
==========

Meeting started by ana at 10:00:00 UTC. The full logs are available at
https://meetbot.example.org/team/2024-03-05/weekly.2024-03-05-10.00.log.html
.

Meeting summary
---------------
* Next meeting  (ana, 10:30:00)
  * next meeting on 2024-03-12  (ana, 10:30:10)

Meeting ended at 10:31:00 UTC.

People Present (lines said)
---------------------------
* ana (4)

Generated by `MeetBot`_ 0.1.4
"""
    notes = read_notes(text, format="meetbot")
    assert notes.date == date(2024, 3, 5) and notes.next_meeting == date(2024, 3, 12)


def test_confluence_tasks_inside_list_items_are_read() -> None:
    page = """<h2>Notes</h2><ul><li>Budget<ul><li><ac:task-list><ac:task><ac:task-id>5</ac:task-id>
<ac:task-status>incomplete</ac:task-status><ac:task-body><ac:link><ri:user ri:username="kevin" /></ac:link> send the
sheet <time datetime="2024-03-08" /></ac:task-body></ac:task></ac:task-list></li></ul></li></ul>"""
    notes = read_notes(page, format="wiki")
    assert [(a.text, a.owners, a.due) for a in notes.actions] == [("send the sheet", ("kevin",), date(2024, 3, 8))]
