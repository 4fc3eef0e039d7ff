SELECT 'not a flyway name';
