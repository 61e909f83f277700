"""Events, the weekly digest and the calendar.

- ``service``: ``/event`` (add, list, edit, remove), how an event reads, and the reminder before one starts;
- ``grammar``: ``/event``'s words and an event line (name, dates, place, notes, link);
- ``digest``: the weekly digest (``/digest``) and the job that posts it;
- ``feed``: the iCalendar feed (events, meetings, due dates) by its secret token;
- ``settings``: the digest's time, event reminders and the feed's address (``/committee set|calendar``).
"""
