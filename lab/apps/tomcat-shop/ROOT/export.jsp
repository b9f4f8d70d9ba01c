<%@ page contentType="text/csv" pageEncoding="UTF-8" import="java.util.*,org.slf4j.Logger,org.slf4j.LoggerFactory" %><%
  // The sales export keeps every report it built "for the next download" in the application scope and never
  // evicts one: 8 MB per request (one array of the month's rows), each one live until the JVM's -Xmx is full.
  @SuppressWarnings("unchecked")
  Map<String, long[]> cache = (Map<String, long[]>) application.getAttribute("exportCache");
  if (cache == null) {
    cache = Collections.synchronizedMap(new HashMap<>());
    application.setAttribute("exportCache", cache);
  }
  Logger log = LoggerFactory.getLogger("shop.export");
  log.info("building the sales export for {} ({} kept for the next download)", request.getParameter("month"), cache.size());
  String key = request.getParameter("month") + "/" + System.nanoTime();
  long[] rows = new long[1 << 20];
  for (int i = 0; i < rows.length; i += 512) rows[i] = i;
  cache.put(key, rows);
  out.print("month,rows\n" + request.getParameter("month") + "," + rows.length + "\n");
%>
