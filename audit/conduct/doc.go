// Package conduct is what a team does during an audit: the answers to the
// pinned checklist with their versions and the group commit that saves
// them, photos and other attachments (checked, turned, shrunk and stripped
// of metadata), the opening and closing meetings, and the sheet that lays
// the checklist out by clause with the answers beside it.
//
// It builds on package audit (the audit, its team and access rules) and is
// built on by audit/findings. Store is built once per process (NewStore):
// it holds the one commit queue of saves and the cache of checklist
// versions.
package conduct
