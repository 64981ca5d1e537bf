-- 016_holding_tier: who holds an event and who supervises it (承办层级, 督办中心; core/events/holding.ts).
-- Each assignment keeps the tier it was made for: after 提级 the assignees of lower tiers assist
-- (record, consult) and only those of the holding tier act. Each event keeps its supervising
-- centre: the town's while the event is held in the town, the county's once raised to the county.

ALTER TABLE event_assignments ADD COLUMN tier text CHECK (tier IN ('grid', 'village', 'town', 'department', 'county'));
UPDATE event_assignments a SET tier = CASE
    WHEN a.assignment_role = 'grid_owner' THEN 'grid'
    WHEN a.assignment_role = 'village_team' THEN 'village'
    WHEN a.assignment_role IN ('department_lead', 'department_assist') THEN 'department'
    WHEN a.assignment_role = 'centre' THEN CASE WHEN substr(a.centre_code, 7, 3) <> '000' THEN 'town' ELSE 'county' END
    ELSE (SELECT e.tier FROM events e WHERE e.id = a.event_id)
  END;
ALTER TABLE event_assignments ALTER COLUMN tier SET NOT NULL;

ALTER TABLE events ADD COLUMN supervisor_code text;
-- the rollups count nothing of this column: leave them be while every row is touched once
ALTER TABLE events DISABLE TRIGGER events_kpi_rollup;
UPDATE events e SET supervisor_code = CASE
    WHEN e.tier = 'county' THEN COALESCE(e.county_code, substr(e.jurisdiction_code, 1, 6) || '000000')
    WHEN e.tier = 'department' AND EXISTS (
      SELECT 1 FROM event_assignments a
      WHERE a.event_id = e.id AND a.active AND a.assignment_role = 'centre' AND substr(a.centre_code, 7, 6) = '000000')
      THEN COALESCE(e.county_code, substr(e.jurisdiction_code, 1, 6) || '000000')
    ELSE COALESCE(e.town_code, e.county_code, substr(e.jurisdiction_code, 1, 6) || '000000')
  END;
ALTER TABLE events ENABLE TRIGGER events_kpi_rollup;
ALTER TABLE events ALTER COLUMN supervisor_code SET NOT NULL;
