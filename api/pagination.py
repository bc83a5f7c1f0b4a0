"""Page-number pagination with a fixed maximum page size: ``?page=2&page_size=100``. A page
costs two queries (the count and the rows) whatever the size of the list; a page past the end
or a value that is not a page is a 404 with a JSON message."""

from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Pages(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
