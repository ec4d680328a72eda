-- The schema of a database made before migrations, by `SQLModel.metadata.create_all` on main at
-- 3f6c02d (2026-11-25), as SQLite stored it in sqlite_master. Frozen: the migration tests build
-- "a database of the previous version" from this file, so never regenerate it from newer models.
CREATE TABLE meeting (
	id INTEGER NOT NULL,
	agenda_key VARCHAR NOT NULL,
	question_set_key VARCHAR NOT NULL,
	question_set_version INTEGER NOT NULL,
	region VARCHAR(80) NOT NULL,
	date DATE NOT NULL,
	start_time VARCHAR NOT NULL,
	video_link VARCHAR NOT NULL,
	privacy_mode VARCHAR NOT NULL,
	scan_kind VARCHAR NOT NULL,
	join_code VARCHAR NOT NULL,
	facilitator_token VARCHAR NOT NULL,
	gespreksleider_token VARCHAR NOT NULL,
	display_token VARCHAR NOT NULL,
	current_block INTEGER,
	finished BOOLEAN NOT NULL,
	results_visible BOOLEAN NOT NULL,
	previous_meeting_id INTEGER,
	created_at FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(previous_meeting_id) REFERENCES meeting (id)
);
CREATE INDEX ix_meeting_agenda_key ON meeting (agenda_key);
CREATE UNIQUE INDEX ix_meeting_join_code ON meeting (join_code);
CREATE UNIQUE INDEX ix_meeting_gespreksleider_token ON meeting (gespreksleider_token);
CREATE UNIQUE INDEX ix_meeting_display_token ON meeting (display_token);
CREATE UNIQUE INDEX ix_meeting_facilitator_token ON meeting (facilitator_token);
CREATE TABLE agreement (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	kind VARCHAR NOT NULL,
	what VARCHAR(500) NOT NULL,
	who VARCHAR NOT NULL,
	"when" VARCHAR NOT NULL,
	at FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE INDEX ix_agreement_meeting_id ON agreement (meeting_id);
CREATE TABLE theme (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	title VARCHAR(500) NOT NULL,
	standards VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE INDEX ix_theme_meeting_id ON theme (meeting_id);
CREATE TABLE meetingblock (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	position INTEGER NOT NULL,
	kind VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	description VARCHAR NOT NULL,
	speaker VARCHAR NOT NULL,
	planned_start VARCHAR NOT NULL,
	planned_seconds INTEGER NOT NULL,
	groups VARCHAR,
	work VARCHAR,
	first_question INTEGER,
	last_question INTEGER,
	results BOOLEAN NOT NULL,
	wheel BOOLEAN NOT NULL,
	extra_seconds INTEGER NOT NULL,
	elapsed_seconds FLOAT NOT NULL,
	running_since FLOAT,
	actual_start FLOAT,
	actual_end FLOAT,
	PRIMARY KEY (id),
	UNIQUE (meeting_id, position),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE INDEX ix_meetingblock_meeting_id ON meetingblock (meeting_id);
CREATE TABLE municipality (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	name VARCHAR(80) NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (meeting_id, name),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE INDEX ix_municipality_meeting_id ON municipality (meeting_id);
CREATE TABLE wheelquestion (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	text VARCHAR(500) NOT NULL,
	position INTEGER NOT NULL,
	removed BOOLEAN NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id)
);
CREATE INDEX ix_wheelquestion_meeting_id ON wheelquestion (meeting_id);
CREATE TABLE helpcall (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER NOT NULL,
	at FLOAT NOT NULL,
	cleared_at FLOAT,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id)
);
CREATE INDEX ix_helpcall_meeting_id ON helpcall (meeting_id);
CREATE TABLE roommessage (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER,
	text VARCHAR(280) NOT NULL,
	at FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id)
);
CREATE INDEX ix_roommessage_meeting_id ON roommessage (meeting_id);
CREATE TABLE themeanswer (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	theme_id INTEGER NOT NULL,
	knelpunten VARCHAR NOT NULL,
	kansen VARCHAR NOT NULL,
	quick_win VARCHAR NOT NULL,
	scope VARCHAR NOT NULL,
	kosten VARCHAR NOT NULL,
	kosten_toelichting VARCHAR NOT NULL,
	version INTEGER NOT NULL,
	field_versions_json VARCHAR NOT NULL,
	updated_at FLOAT NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (theme_id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(theme_id) REFERENCES theme (id)
);
CREATE INDEX ix_themeanswer_meeting_id ON themeanswer (meeting_id);
CREATE TABLE planrow (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER NOT NULL,
	"group" VARCHAR NOT NULL,
	maatregel VARCHAR(4000) NOT NULL,
	huidige_stand VARCHAR NOT NULL,
	verbeteractie VARCHAR NOT NULL,
	beoogd_resultaat VARCHAR NOT NULL,
	wie VARCHAR NOT NULL,
	planning VARCHAR NOT NULL,
	kosten VARCHAR NOT NULL,
	prioriteit VARCHAR NOT NULL,
	scope VARCHAR NOT NULL,
	source_question INTEGER,
	position INTEGER NOT NULL,
	version INTEGER NOT NULL,
	field_versions_json VARCHAR NOT NULL,
	updated_at FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id)
);
CREATE INDEX ix_planrow_municipality_id ON planrow (municipality_id);
CREATE INDEX ix_planrow_meeting_id ON planrow (meeting_id);
CREATE TABLE participant (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER NOT NULL,
	token VARCHAR NOT NULL,
	name VARCHAR(80) NOT NULL,
	role VARCHAR NOT NULL,
	simulated BOOLEAN NOT NULL,
	joined_at FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id)
);
CREATE INDEX ix_participant_municipality_id ON participant (municipality_id);
CREATE UNIQUE INDEX ix_participant_token ON participant (token);
CREATE INDEX ix_participant_meeting_id ON participant (meeting_id);
CREATE TABLE wheelspin (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	question_id INTEGER NOT NULL,
	block_position INTEGER,
	drawn_at FLOAT NOT NULL,
	"by" VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(question_id) REFERENCES wheelquestion (id)
);
CREATE INDEX ix_wheelspin_meeting_id ON wheelspin (meeting_id);
CREATE TABLE wheelnote (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	question_id INTEGER NOT NULL,
	text VARCHAR NOT NULL,
	updated_at FLOAT NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (question_id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(question_id) REFERENCES wheelquestion (id)
);
CREATE INDEX ix_wheelnote_meeting_id ON wheelnote (meeting_id);
CREATE TABLE thememember (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	theme_id INTEGER NOT NULL,
	participant_id INTEGER NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (participant_id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(theme_id) REFERENCES theme (id),
	FOREIGN KEY(participant_id) REFERENCES participant (id)
);
CREATE INDEX ix_thememember_theme_id ON thememember (theme_id);
CREATE INDEX ix_thememember_meeting_id ON thememember (meeting_id);
CREATE TABLE roomanswer (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER NOT NULL,
	question INTEGER NOT NULL,
	status VARCHAR NOT NULL,
	toelichting VARCHAR NOT NULL,
	nuancering VARCHAR NOT NULL,
	checklist JSON NOT NULL,
	version INTEGER NOT NULL,
	field_versions JSON NOT NULL,
	updated_at FLOAT NOT NULL,
	updated_by INTEGER,
	PRIMARY KEY (id),
	UNIQUE (municipality_id, question),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id),
	FOREIGN KEY(updated_by) REFERENCES participant (id)
);
CREATE INDEX ix_roomanswer_municipality_id ON roomanswer (municipality_id);
CREATE INDEX ix_roomanswer_meeting_id ON roomanswer (meeting_id);
CREATE TABLE participantview (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER NOT NULL,
	participant_id INTEGER NOT NULL,
	question INTEGER NOT NULL,
	status VARCHAR NOT NULL,
	updated_at FLOAT NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (participant_id, question),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id),
	FOREIGN KEY(participant_id) REFERENCES participant (id)
);
CREATE INDEX ix_participantview_municipality_id ON participantview (municipality_id);
CREATE INDEX ix_participantview_participant_id ON participantview (participant_id);
CREATE INDEX ix_participantview_meeting_id ON participantview (meeting_id);
CREATE TABLE answerchange (
	id INTEGER NOT NULL,
	meeting_id INTEGER NOT NULL,
	municipality_id INTEGER NOT NULL,
	question INTEGER NOT NULL,
	participant_id INTEGER,
	field VARCHAR NOT NULL,
	old JSON,
	new JSON,
	at FLOAT NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(meeting_id) REFERENCES meeting (id),
	FOREIGN KEY(municipality_id) REFERENCES municipality (id),
	FOREIGN KEY(participant_id) REFERENCES participant (id)
);
CREATE INDEX ix_answerchange_meeting_id ON answerchange (meeting_id);
CREATE INDEX ix_answerchange_room ON answerchange (municipality_id, question);
