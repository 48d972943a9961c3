<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-post.xsl: the last step over the finished HTML of the article page.
  Input:  the HTML made by the other modules (a temporary tree, not JATS).
  Output: (mode "post") the same HTML where every id is unique (the first keeps it) and every
          internal link points at an id on the page: a link to an id the page does not have
          (a JATS rid to something not shown, such as a funding group) becomes plain text,
          and a back-link to such a place is left out; a table cell holding a number with its parts is marked to
          stay on one line (cell-figure).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:key name="f:html-id" match="*[@id]" use="string(@id)"/>

  <xsl:mode name="post" on-no-match="shallow-copy"/>

  <xsl:template match="@id" mode="post">
    <xsl:if test="key('f:html-id', string(.), root(.))[1] is ..">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="*:a[starts-with(@href, '#')][not(key('f:html-id', substring(@href, 2), root(.)))]" mode="post">
    <xsl:if test="not(tokenize(@class, ' ') = 'backlink')">
      <span>
        <xsl:apply-templates select="@class | @id" mode="post"/>
        <xsl:apply-templates mode="post"/>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A table cell that holds a figure with its parts ("84 (59.6)", "&lt;0.001*", "9–12 G") keeps it on one line. -->
  <xsl:template match="*:td[not(*:td | *:p[2] | *:ul | *:ol | *:table)][matches(normalize-space(.), '^[-+−–±&lt;&gt;≤≥~≈]?\s?[\d.,]+.{0,10}$')]
                       | *:th[matches(normalize-space(.), '^[-+−–±&lt;&gt;≤≥~≈]?\s?[\d.,]+.{0,10}$')]" mode="post">
    <xsl:copy>
      <xsl:apply-templates select="@* except @class" mode="post"/>
      <xsl:attribute name="class" select="string-join((tokenize(@class), 'cell-figure'), ' ')"/>
      <xsl:apply-templates mode="post"/>
    </xsl:copy>
  </xsl:template>

  <!-- Spacing text before a dropped back-link goes with it. -->
  <xsl:template match="text()[not(normalize-space())][following-sibling::node()[1]
                       [self::*:a[tokenize(@class, ' ') = 'backlink'][not(key('f:html-id', substring(@href, 2), root(.)))]]]"
                mode="post"/>

</xsl:stylesheet>
