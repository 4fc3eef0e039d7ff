CREATE TABLE versions (v text);
INSERT INTO versions VALUES ('1.9.0');