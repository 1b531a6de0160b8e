-- What the interface shell reads on every page and in its lists: the unread
-- notices of the signed-in user (the badge in the navigation) and the audit
-- trail filtered by who acted.

CREATE INDEX notices_unread ON notices(user_id) WHERE read_at IS NULL;
CREATE INDEX events_actor ON events(actor_id, id);
