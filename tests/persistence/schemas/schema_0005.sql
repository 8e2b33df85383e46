BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0005');
CREATE TABLE appointment (
	id INTEGER NOT NULL, 
	authority_id INTEGER, 
	guide_id INTEGER, 
	starts_at DATETIME NOT NULL, 
	duration_minutes INTEGER NOT NULL, 
	place VARCHAR(200) NOT NULL, 
	room VARCHAR(80) NOT NULL, 
	purpose TEXT NOT NULL, 
	checklist TEXT NOT NULL, 
	mode VARCHAR(30) NOT NULL, 
	interpreter_name VARCHAR(200) NOT NULL, 
	interpreter_language VARCHAR(10) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	moved_from_id INTEGER, 
	outcome TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_appointment PRIMARY KEY (id), 
	CONSTRAINT fk_appointment_authority_id_authority FOREIGN KEY(authority_id) REFERENCES authority (id) ON DELETE SET NULL, 
	CONSTRAINT fk_appointment_guide_id_guide FOREIGN KEY(guide_id) REFERENCES guide (id) ON DELETE SET NULL, 
	CONSTRAINT fk_appointment_moved_from_id_appointment FOREIGN KEY(moved_from_id) REFERENCES appointment (id) ON DELETE SET NULL
);
CREATE TABLE appointment_client (
	appointment_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	CONSTRAINT pk_appointment_client PRIMARY KEY (appointment_id, client_id), 
	CONSTRAINT fk_appointment_client_appointment_id_appointment FOREIGN KEY(appointment_id) REFERENCES appointment (id) ON DELETE CASCADE, 
	CONSTRAINT fk_appointment_client_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE
);
CREATE TABLE assignment (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	guide_id INTEGER NOT NULL, 
	role VARCHAR(30) NOT NULL, 
	start_date DATE NOT NULL, 
	end_date DATE, 
	handover_note TEXT NOT NULL, 
	CONSTRAINT pk_assignment PRIMARY KEY (id), 
	CONSTRAINT fk_assignment_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE, 
	CONSTRAINT fk_assignment_guide_id_guide FOREIGN KEY(guide_id) REFERENCES guide (id) ON DELETE CASCADE
);
INSERT INTO "assignment" VALUES(1,1,1,'lead','2026-11-21',NULL,'');
CREATE TABLE audit_entry (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(100) NOT NULL, 
	action VARCHAR(30) NOT NULL, 
	entity VARCHAR(40) NOT NULL, 
	entity_id INTEGER, 
	detail VARCHAR(200) NOT NULL, 
	CONSTRAINT pk_audit_entry PRIMARY KEY (id)
);
INSERT INTO "audit_entry" VALUES(1,'2026-11-21 10:00:00.000000','root','angelegt','guide',1,'');
INSERT INTO "audit_entry" VALUES(2,'2026-11-21 10:00:00.000000','root','angelegt','client',1,'');
CREATE TABLE authority (
	id INTEGER NOT NULL, 
	external_key VARCHAR(80) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	kind VARCHAR(40) NOT NULL, 
	street VARCHAR(200) NOT NULL, 
	postal_code VARCHAR(10) NOT NULL, 
	city VARCHAR(100) NOT NULL, 
	department VARCHAR(200) NOT NULL, 
	room VARCHAR(80) NOT NULL, 
	phone VARCHAR(40) NOT NULL, 
	email VARCHAR(200) NOT NULL, 
	opening_hours TEXT NOT NULL, 
	booking_info TEXT NOT NULL, 
	usual_documents TEXT NOT NULL, 
	state VARCHAR(2) NOT NULL, 
	is_fictitious BOOLEAN NOT NULL, 
	CONSTRAINT pk_authority PRIMARY KEY (id)
);
CREATE TABLE client (
	id INTEGER NOT NULL, 
	given_name VARCHAR(100) NOT NULL, 
	family_name VARCHAR(100) NOT NULL, 
	form_of_address VARCHAR(30) NOT NULL, 
	birth_date DATE, 
	birth_year INTEGER, 
	gender VARCHAR(30), 
	phone VARCHAR(40) NOT NULL, 
	email VARCHAR(200) NOT NULL, 
	street VARCHAR(200) NOT NULL, 
	postal_code VARCHAR(10) NOT NULL, 
	city VARCHAR(100) NOT NULL, 
	district_id INTEGER, 
	languages VARCHAR(200) NOT NULL, 
	preferred_language VARCHAR(10) NOT NULL, 
	interpreter_needed BOOLEAN NOT NULL, 
	arrival_year INTEGER, 
	strengths TEXT NOT NULL, 
	goals_own_words TEXT NOT NULL, 
	status VARCHAR(30) NOT NULL, 
	status_since DATE NOT NULL, 
	opened_on DATE NOT NULL, 
	closed_on DATE, 
	closing_reason VARCHAR(30), 
	search_text VARCHAR(300) NOT NULL, 
	name_key VARCHAR(300) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_client PRIMARY KEY (id), 
	CONSTRAINT fk_client_district_id_district FOREIGN KEY(district_id) REFERENCES district (id) ON DELETE SET NULL
);
INSERT INTO "client" VALUES(1,'Ayşe','Yılmaz','neutral',NULL,1985,NULL,'','','','','',8,'tr,de','tr',0,NULL,'','','aktiv','2026-11-21','2026-11-21',NULL,NULL,'ayse yilmaz','aise ilmaz','2026-11-21 10:00:00.000000','2026-11-21 10:00:00.000000');
CREATE TABLE client_status_change (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	status VARCHAR(30) NOT NULL, 
	changed_on DATE NOT NULL, 
	reason VARCHAR(30), 
	note TEXT NOT NULL, 
	CONSTRAINT pk_client_status_change PRIMARY KEY (id), 
	CONSTRAINT fk_client_status_change_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE
);
INSERT INTO "client_status_change" VALUES(1,1,'aktiv','2026-11-21',NULL,'');
CREATE TABLE consent (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	given_on DATE NOT NULL, 
	scope VARCHAR(200) NOT NULL, 
	health_allowed BOOLEAN NOT NULL, 
	authority_contact_allowed BOOLEAN NOT NULL, 
	sheet_version VARCHAR(20) NOT NULL, 
	sheet_language VARCHAR(10) NOT NULL, 
	withdrawn_on DATE, 
	CONSTRAINT pk_consent PRIMARY KEY (id), 
	CONSTRAINT fk_consent_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE
);
CREATE TABLE contact (
	id INTEGER NOT NULL, 
	guide_id INTEGER, 
	occurred_on DATE NOT NULL, 
	duration_minutes INTEGER NOT NULL, 
	kind VARCHAR(30) NOT NULL, 
	topics VARCHAR(200) NOT NULL, 
	authority_id INTEGER, 
	appointment_id INTEGER, 
	note TEXT NOT NULL, 
	travel_minutes INTEGER NOT NULL, 
	travel_cost_cents INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_contact PRIMARY KEY (id), 
	CONSTRAINT fk_contact_guide_id_guide FOREIGN KEY(guide_id) REFERENCES guide (id) ON DELETE SET NULL, 
	CONSTRAINT fk_contact_authority_id_authority FOREIGN KEY(authority_id) REFERENCES authority (id) ON DELETE SET NULL, 
	CONSTRAINT fk_contact_appointment_id_appointment FOREIGN KEY(appointment_id) REFERENCES appointment (id) ON DELETE SET NULL
);
CREATE TABLE contact_client (
	contact_id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	CONSTRAINT pk_contact_client PRIMARY KEY (contact_id, client_id), 
	CONSTRAINT fk_contact_client_contact_id_contact FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE, 
	CONSTRAINT fk_contact_client_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE
);
CREATE TABLE contact_step (
	id INTEGER NOT NULL, 
	contact_id INTEGER NOT NULL, 
	description TEXT NOT NULL, 
	actor VARCHAR(30) NOT NULL, 
	client_id INTEGER, 
	CONSTRAINT pk_contact_step PRIMARY KEY (id), 
	CONSTRAINT fk_contact_step_contact_id_contact FOREIGN KEY(contact_id) REFERENCES contact (id) ON DELETE CASCADE, 
	CONSTRAINT fk_contact_step_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE
);
CREATE TABLE deadline (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	letter_id INTEGER, 
	kind VARCHAR(40) NOT NULL, 
	title TEXT NOT NULL, 
	authority_name VARCHAR(200) DEFAULT '' NOT NULL, 
	note TEXT DEFAULT '' NOT NULL, 
	procedure VARCHAR(20) NOT NULL, 
	start_date DATE, 
	received_on DATE, 
	period_value INTEGER, 
	period_unit VARCHAR(1) NOT NULL, 
	belehrung_missing BOOLEAN NOT NULL, 
	state VARCHAR(2) NOT NULL, 
	shift_excluded BOOLEAN NOT NULL, 
	delivered_on DATE, 
	due_date DATE NOT NULL, 
	explanation TEXT NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	done_on DATE, 
	done_by VARCHAR(30), 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_deadline PRIMARY KEY (id), 
	CONSTRAINT fk_deadline_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE, 
	CONSTRAINT fk_deadline_letter_id_incoming_letter FOREIGN KEY(letter_id) REFERENCES incoming_letter (id) ON DELETE SET NULL
);
CREATE TABLE district (
	id INTEGER NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	borough VARCHAR(80) NOT NULL, 
	active BOOLEAN DEFAULT 1 NOT NULL, 
	CONSTRAINT pk_district PRIMARY KEY (id), 
	CONSTRAINT uq_district_name UNIQUE (name)
);
INSERT INTO "district" VALUES(1,'Vierlinden','Walsum',1);
INSERT INTO "district" VALUES(2,'Overbruch','Walsum',1);
INSERT INTO "district" VALUES(3,'Alt-Walsum','Walsum',1);
INSERT INTO "district" VALUES(4,'Aldenrade','Walsum',1);
INSERT INTO "district" VALUES(5,'Wehofen','Walsum',1);
INSERT INTO "district" VALUES(6,'Fahrn','Walsum',1);
INSERT INTO "district" VALUES(7,'Röttgersbach','Hamborn',1);
INSERT INTO "district" VALUES(8,'Marxloh','Hamborn',1);
INSERT INTO "district" VALUES(9,'Obermarxloh','Hamborn',1);
INSERT INTO "district" VALUES(10,'Neumühl','Hamborn',1);
INSERT INTO "district" VALUES(11,'Alt-Hamborn','Hamborn',1);
INSERT INTO "district" VALUES(12,'Bruckhausen','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(13,'Beeck','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(14,'Beeckerwerth','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(15,'Laar','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(16,'Untermeiderich','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(17,'Mittelmeiderich','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(18,'Obermeiderich','Meiderich/Beeck',1);
INSERT INTO "district" VALUES(19,'Ruhrort','Homberg/Ruhrort/Baerl',1);
INSERT INTO "district" VALUES(20,'Alt-Homberg','Homberg/Ruhrort/Baerl',1);
INSERT INTO "district" VALUES(21,'Hochheide','Homberg/Ruhrort/Baerl',1);
INSERT INTO "district" VALUES(22,'Baerl','Homberg/Ruhrort/Baerl',1);
INSERT INTO "district" VALUES(23,'Altstadt','Mitte',1);
INSERT INTO "district" VALUES(24,'Neuenkamp','Mitte',1);
INSERT INTO "district" VALUES(25,'Kaßlerfeld','Mitte',1);
INSERT INTO "district" VALUES(26,'Duissern','Mitte',1);
INSERT INTO "district" VALUES(27,'Neudorf-Nord','Mitte',1);
INSERT INTO "district" VALUES(28,'Neudorf-Süd','Mitte',1);
INSERT INTO "district" VALUES(29,'Dellviertel','Mitte',1);
INSERT INTO "district" VALUES(30,'Hochfeld','Mitte',1);
INSERT INTO "district" VALUES(31,'Wanheimerort','Mitte',1);
INSERT INTO "district" VALUES(32,'Rheinhausen-Mitte','Rheinhausen',1);
INSERT INTO "district" VALUES(33,'Hochemmerich','Rheinhausen',1);
INSERT INTO "district" VALUES(34,'Bergheim','Rheinhausen',1);
INSERT INTO "district" VALUES(35,'Friemersheim','Rheinhausen',1);
INSERT INTO "district" VALUES(36,'Rumeln-Kaldenhausen','Rheinhausen',1);
INSERT INTO "district" VALUES(37,'Bissingheim','Süd',1);
INSERT INTO "district" VALUES(38,'Wedau','Süd',1);
INSERT INTO "district" VALUES(39,'Buchholz','Süd',1);
INSERT INTO "district" VALUES(40,'Wanheim-Angerhausen','Süd',1);
INSERT INTO "district" VALUES(41,'Großenbaum','Süd',1);
INSERT INTO "district" VALUES(42,'Rahm','Süd',1);
INSERT INTO "district" VALUES(43,'Huckingen','Süd',1);
INSERT INTO "district" VALUES(44,'Hüttenheim','Süd',1);
INSERT INTO "district" VALUES(45,'Ungelsheim','Süd',1);
INSERT INTO "district" VALUES(46,'Mündelheim','Süd',1);
CREATE TABLE goal (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	pillar VARCHAR(30) NOT NULL, 
	agreed_on DATE NOT NULL, 
	target_date DATE, 
	status VARCHAR(20) NOT NULL, 
	status_changed_on DATE, 
	status_note TEXT DEFAULT '' NOT NULL, 
	CONSTRAINT pk_goal PRIMARY KEY (id), 
	CONSTRAINT fk_goal_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE
);
CREATE TABLE goal_event (
	id INTEGER NOT NULL, 
	goal_id INTEGER NOT NULL, 
	changed_on DATE NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	note TEXT NOT NULL, 
	previous_text TEXT NOT NULL, 
	CONSTRAINT pk_goal_event PRIMARY KEY (id), 
	CONSTRAINT fk_goal_event_goal_id_goal FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE CASCADE
);
CREATE TABLE guide (
	id INTEGER NOT NULL, 
	given_name VARCHAR(100) NOT NULL, 
	family_name VARCHAR(100) NOT NULL, 
	phone VARCHAR(40) NOT NULL, 
	email VARCHAR(200) NOT NULL, 
	languages VARCHAR(200) NOT NULL, 
	active BOOLEAN DEFAULT 1 NOT NULL, 
	is_coordinator BOOLEAN DEFAULT 0 NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_guide PRIMARY KEY (id)
);
INSERT INTO "guide" VALUES(1,'Erika','Musterfrau','','','de',1,0,'2026-11-21 10:00:00.000000','2026-11-21 10:00:00.000000');
CREATE TABLE incoming_letter (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	authority_id INTEGER, 
	authority_name VARCHAR(200) DEFAULT '' NOT NULL, 
	letter_date DATE, 
	posted_on DATE, 
	received_on DATE, 
	delivery_kind VARCHAR(20) NOT NULL, 
	file_number VARCHAR(100) NOT NULL, 
	subject TEXT NOT NULL, 
	scan BLOB, 
	scan_mime VARCHAR(60) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_incoming_letter PRIMARY KEY (id), 
	CONSTRAINT fk_incoming_letter_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE, 
	CONSTRAINT fk_incoming_letter_authority_id_authority FOREIGN KEY(authority_id) REFERENCES authority (id) ON DELETE SET NULL
);
CREATE TABLE procedure_template (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	items TEXT NOT NULL, 
	position INTEGER NOT NULL, 
	CONSTRAINT pk_procedure_template PRIMARY KEY (id)
);
CREATE TABLE reported_summary (
	period VARCHAR(7) NOT NULL, 
	reported_at DATETIME NOT NULL, 
	figures TEXT NOT NULL, 
	CONSTRAINT pk_reported_summary PRIMARY KEY (period)
);
CREATE TABLE setting (
	"key" VARCHAR(80) NOT NULL, 
	value TEXT NOT NULL, 
	CONSTRAINT pk_setting PRIMARY KEY ("key")
);
CREATE TABLE task (
	id INTEGER NOT NULL, 
	client_id INTEGER NOT NULL, 
	goal_id INTEGER, 
	deadline_id INTEGER, 
	text TEXT NOT NULL, 
	due_date DATE, 
	intended_actor VARCHAR(30), 
	done_by VARCHAR(30), 
	done_on DATE, 
	created_on DATE, 
	CONSTRAINT pk_task PRIMARY KEY (id), 
	CONSTRAINT fk_task_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE, 
	CONSTRAINT fk_task_goal_id_goal FOREIGN KEY(goal_id) REFERENCES goal (id) ON DELETE SET NULL, 
	CONSTRAINT fk_task_deadline_id_deadline FOREIGN KEY(deadline_id) REFERENCES deadline (id) ON DELETE SET NULL
);
CREATE TABLE volunteer_entry (
	id INTEGER NOT NULL, 
	guide_id INTEGER NOT NULL, 
	occurred_on DATE NOT NULL, 
	minutes INTEGER NOT NULL, 
	kind VARCHAR(30) NOT NULL, 
	note TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_volunteer_entry PRIMARY KEY (id), 
	CONSTRAINT fk_volunteer_entry_guide_id_guide FOREIGN KEY(guide_id) REFERENCES guide (id) ON DELETE CASCADE
);
CREATE INDEX ix_authority_external_key ON authority (external_key);
CREATE INDEX ix_audit_entry_entity ON audit_entry (entity, entity_id);
CREATE INDEX ix_audit_entry_at ON audit_entry (at);
CREATE INDEX ix_client_name_key ON client (name_key);
CREATE INDEX ix_client_postal_code ON client (postal_code);
CREATE INDEX ix_appointment_authority_id ON appointment (authority_id);
CREATE INDEX ix_appointment_guide_id ON appointment (guide_id);
CREATE INDEX ix_appointment_starts_at ON appointment (starts_at);
CREATE INDEX ix_volunteer_entry_occurred_on ON volunteer_entry (occurred_on);
CREATE INDEX ix_volunteer_entry_guide_id ON volunteer_entry (guide_id);
CREATE INDEX ix_client_status_change_client_id ON client_status_change (client_id);
CREATE INDEX ix_assignment_client_id ON assignment (client_id);
CREATE INDEX ix_assignment_guide_id ON assignment (guide_id);
CREATE UNIQUE INDEX uq_assignment_one_open_lead ON assignment (client_id) WHERE role = 'lead' AND end_date IS NULL;
CREATE INDEX ix_appointment_client_client_id ON appointment_client (client_id);
CREATE INDEX ix_incoming_letter_client_id ON incoming_letter (client_id);
CREATE INDEX ix_contact_occurred_on ON contact (occurred_on);
CREATE INDEX ix_contact_guide_id ON contact (guide_id);
CREATE INDEX ix_goal_client_id ON goal (client_id);
CREATE INDEX ix_consent_client_id ON consent (client_id);
CREATE INDEX ix_deadline_status ON deadline (status);
CREATE INDEX ix_deadline_due_date ON deadline (due_date);
CREATE INDEX ix_deadline_client_id ON deadline (client_id);
CREATE INDEX ix_contact_client_client_id ON contact_client (client_id);
CREATE INDEX ix_contact_step_client_id ON contact_step (client_id);
CREATE INDEX ix_contact_step_contact_id ON contact_step (contact_id);
CREATE INDEX ix_goal_event_goal_id ON goal_event (goal_id);
CREATE INDEX ix_task_client_id ON task (client_id);
COMMIT;
