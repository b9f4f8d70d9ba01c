<%@ page contentType="application/json" pageEncoding="UTF-8" %><%
  // A product page: a few kilobytes per request, nothing kept.
  String id = request.getParameter("id");
  StringBuilder body = new StringBuilder(4096);
  for (int i = 0; i < 64; i++) body.append("{\"sku\":").append(id).append(",\"variant\":").append(i).append("},");
  out.print("{\"product\":" + id + ",\"variants\":[" + body + "{}]}");
%>
