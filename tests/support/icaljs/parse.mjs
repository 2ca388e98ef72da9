// Reads iCalendar objects as Thunderbird does (Mozilla's ical.js) and prints what it understood.
// Input: a JSON array of iCalendar texts on stdin. Output: a JSON array, one entry per object,
// of its METHOD and VEVENTs (UID, SEQUENCE, STATUS, SUMMARY, DTSTART/DTEND in UTC as ISO 8601,
// their TZID, ORGANIZER, ATTENDEEs with parameters).
import ICAL from "ical.js";

function utc(time) {
  if (!time) return null;
  return time.toJSDate().toISOString();
}

function event(component) {
  const vevent = new ICAL.Event(component);
  const start = component.getFirstProperty("dtstart");
  return {
    uid: vevent.uid,
    sequence: vevent.sequence,
    status: component.getFirstPropertyValue("status"),
    summary: vevent.summary,
    description: vevent.description,
    location: vevent.location,
    url: component.getFirstPropertyValue("url"),
    tzid: start ? start.getParameter("tzid") : null,
    start: utc(vevent.startDate),
    end: utc(vevent.endDate),
    organizer: component.getFirstPropertyValue("organizer"),
    attendees: component.getAllProperties("attendee").map((p) => ({
      value: p.getFirstValue(),
      cn: p.getParameter("cn") || null,
      role: p.getParameter("role") || null,
      partstat: p.getParameter("partstat") || null,
      rsvp: p.getParameter("rsvp") || null,
    })),
  };
}

function read(text) {
  const root = new ICAL.Component(ICAL.parse(text));
  // As Thunderbird does: the object's own VTIMEZONEs are what its TZIDs mean.
  ICAL.TimezoneService.reset();
  const zones = root.getAllSubcomponents("vtimezone").map((c) => new ICAL.Timezone(c));
  zones.forEach((zone) => ICAL.TimezoneService.register(zone));
  return {
    method: root.getFirstPropertyValue("method"),
    timezones: zones.map((z) => z.tzid),
    events: root.getAllSubcomponents("vevent").map(event),
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const texts = JSON.parse(input);
  process.stdout.write(JSON.stringify(texts.map(read)));
});
