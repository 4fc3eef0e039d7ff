CREATE TABLE orders (id int NOT NULL PRIMARY KEY, total int NOT NULL, note text) ENGINE=InnoDB;
