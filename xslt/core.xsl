<?xml version="1.0" encoding="UTF-8"?>
<!--
  core.xsl: the writer core, JATS -> HTML, that the web page (jats-to-html.xsl) and the print HTML for
  WeasyPrint (jats-to-print.xsl) both import; each adds a thin layer for what truly differs (the web page's
  head, header and scrolling tables; the printed page's first page, two columns and running heads).
  Input:  a JATS article prepared by pipeline/render/prepare.py: what both pages print of names, ORCID iDs,
          the running head and the formatted references is computed there, once (namespace w), and only
          printed here; and the journal's house style (words, dates, key points) as the JSON parameter below.
  Output: nothing by itself: functions, variables and templates the layers use.

  Modules, each opening with its job:
    core-text.xsl     house-style words, plain text, labels, inline elements, author-query flags
    core-links.xsl    the one safe-link policy, DOI, ORCID, PubMed and figure URLs, links in the text
    core-dates.xsl    JATS dates as numbers, ISO dates and the journal's date formats; the history line
    core-names.xsl    contributors' names and initials, the running head's authors (read, never built)
    core-blocks.xsl   lists, quotes, boxes, code, statements, footnotes in the text, cross-references
    core-display.xsl  what tables and figures share: labels, table cells, graphics and their alt text
    core-math.xsl     MathML: kept as MathML (browsers) or drawn as HTML (WeasyPrint)
    core-refs.xsl     the reference list: the prepared references printed, mixed citations as written
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:include href="core-text.xsl"/>
  <xsl:include href="core-links.xsl"/>
  <xsl:include href="core-dates.xsl"/>
  <xsl:include href="core-names.xsl"/>
  <xsl:include href="core-blocks.xsl"/>
  <xsl:include href="core-display.xsl"/>
  <xsl:include href="core-math.xsl"/>
  <xsl:include href="core-refs.xsl"/>

  <!-- ===== parameters (strings; empty = not known) ===== -->
  <!-- The journal's house style for this page (pipeline/render/house.py): {"words": {...}, "history": {...},
       "history-line": {"separator", "end"},
       "statements": {...}, "dates": {"full", "month", "publication"}, "key-points": {"title", "placement"}}. -->
  <xsl:param name="house-style" as="xs:string" select="'{}'"/>
  <!-- Language when the article does not say. -->
  <xsl:param name="language" as="xs:string" select="'en'"/>
  <!-- URI prefix of the figure files (graphic/@xlink:href is a file name in it). -->
  <xsl:param name="figures-dir" as="xs:string" select="'figures/'"/>
  <!-- The issue's publication date, ISO yyyy-mm-dd, when the issue build knows it: both pages print it as the
       "Publication date" (core-dates.xsl, f:publication-day). -->
  <xsl:param name="issue-date" as="xs:string" select="''"/>

  <!-- ===== what the modules share about the article ===== -->
  <xsl:variable name="f:style" as="map(*)" select="parse-json($house-style)"/>
  <xsl:variable name="meta" select="/article/front/article-meta"/>
  <xsl:variable name="doi" select="normalize-space(($meta/article-id[@pub-id-type = 'doi'])[1])"/>
  <xsl:variable name="language-code" select="(normalize-space(/article/@xml:lang)[. != ''], $language)[1]"/>
  <xsl:variable name="authors" select="$meta/contrib-group/contrib[(@contrib-type, 'author')[1] = 'author']"/>
  <xsl:variable name="epub-date" select="($meta/pub-date[@date-type = ('pub', 'publication') or @pub-type = ('epub', 'epub-ppub')])[1]"/>
  <xsl:variable name="collection-date" select="($meta/pub-date[@date-type = 'collection' or @pub-type = ('collection', 'ppub')])[1]"/>

</xsl:stylesheet>
