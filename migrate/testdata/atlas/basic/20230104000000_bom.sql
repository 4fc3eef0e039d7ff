-- lint:ignore DS102
DROP TABLE legacy;
SELECT 'é';
