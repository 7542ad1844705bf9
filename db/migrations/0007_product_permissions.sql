-- Products (产品信息) become editable: grants the two new function permissions to the built-in roles of
-- databases created before them (a fresh database gets them from the seed's DEFAULT_ROLES instead, and
-- roles are empty when this runs). product:fab writes FAB chains and competitor analyses;
-- product:manage keeps the catalogue. Roles an admin has edited keep their other permissions.
UPDATE roles SET permissions = array_append(permissions, 'product:fab')
 WHERE code IN ('rep', 'agent', 'manager', 'gm') AND NOT ('product:fab' = ANY (permissions));
--> statement-breakpoint
UPDATE roles SET permissions = array_append(permissions, 'product:manage')
 WHERE code IN ('manager', 'gm', 'admin') AND NOT ('product:manage' = ANY (permissions));
