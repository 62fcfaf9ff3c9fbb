// Paging shared by the pages' tables (Atlaskit's dynamic table pages them; the server pages the catalog).

/** Rows a paged table shows at once. */
export const TABLE_PAGE_SIZE = 50;
