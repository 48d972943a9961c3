<?xml version="1.0" encoding="UTF-8"?>
<!--
  jats-to-print.xsl: a JATS article as the HTML document WeasyPrint lays out as the journal's printed pages: the
  print layer over the writer core (core.xsl), which the web page (jats-to-html.xsl) shares.
  Input:  one JATS article in the pipeline's profile (docs/jats-profile.md), paginated or only enriched, prepared
          by pipeline/render/prepare.py (names, references); a proof may carry, in a private copy made by
          pipeline/render/pdf.py, author-query markers (<?pipeline-query N?> processing instructions at the
          places they concern) and the queries themselves (q:queries, namespace urn:x-pipeline:print-queries,
          last child of the article).
  Output: an HTML 5 document: <head> with the PDF's metadata (title, authors, keywords, subject, dates)
          and the article's running heads as CSS; <body> with the first-page block, the two-column body
          and back matter, and for proofs the author-queries page. All styling is in templates/print.css (the
          journal's colours and fonts from its house style); the variant (proof, final ...) is a class on <html>.

  Journal specifics come from the JATS (journal title, issue month and year, DOI, categories), the house style
  (words, date formats, the key-points box) or the parameters below; nothing about one journal is written here.

  What only the printed page has, in modules each with one job:
    print-front.xsl  the first page: banner, licence note, title, authors, affiliations line, dates, DOI,
                     cite-as line, abstract and keywords, and the key-points box
    print-body.xsl   sections cut into column blocks, paragraphs, tables and figures as wide or column items,
                     MathML drawn as HTML
    print-back.xsl   back matter in the journal's order (acknowledgements, statements, footnotes, references),
                     and the author-queries page
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-pipeline:print-functions"
    xmlns:f="urn:x-pipeline:writer"
    xmlns:q="urn:x-pipeline:print-queries"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    exclude-result-prefixes="#all">

  <xsl:import href="core.xsl"/>
  <xsl:include href="print-front.xsl"/>
  <xsl:include href="print-body.xsl"/>
  <xsl:include href="print-back.xsl"/>

  <xsl:output method="html" html-version="5.0" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:strip-space elements="article front back journal-meta article-meta contrib-group contrib name
      title-group history date pub-date permissions license kwd-group abstract custom-meta-group custom-meta
      author-notes ref-list ref element-citation person-group table thead tbody tfoot tr colgroup table-wrap
      table-wrap-foot fig caption list list-item def-list def-item sec body fn-group funding-group ack
      mml:math mml:mrow mml:msup mml:msub mml:msubsup mml:mfrac mml:msqrt mml:mroot mml:mtable mml:mtr mml:mtd
      mml:munder mml:mover mml:munderover mml:mstyle mml:semantics mml:mfenced q:queries"/>

  <!-- ===== parameters (strings; empty = not known) ===== -->
  <!-- Number printed on the first page; later pages count on from it. Default: the JATS fpage, else 1. -->
  <xsl:param name="first-page" as="xs:string" select="''"/>
  <!-- Journal title when the JATS has no journal-meta (proofs of an ingested file). -->
  <xsl:param name="journal-title" as="xs:string" select="''"/>
  <!-- The PDF variant being made (a class on <html>: proof, final, archive ...). -->
  <xsl:param name="variant" as="xs:string" select="'final'"/>
  <!-- Text printed diagonally across every page (proofs: "PROOF"); empty for none. -->
  <xsl:param name="watermark" as="xs:string" select="''"/>
  <!-- Wide items printed at the top of a page instead of where they stand in the text, as "N:P" pairs: the
       N-th wide table or figure of the article at the top of page P (counted from 1 in this document).
       pipeline/render/pdf_floats.py decides them from a first layout; empty for none. -->
  <!-- It also holds "ID+K" pairs: the column-wide figure with id ID printed K blocks later than it stands
       (after the paragraph that follows it), so that a figure too tall for what is left of a page's columns does
       not leave them blank: the text runs on there and the figure starts the next page's column. -->
  <!-- And "ID^": the block with id ID (at any depth: a reference of the list) starts a column (class
       "column-start": a forced column break), so that the article's last columns end level where WeasyPrint's
       balance does not get them so. -->
  <xsl:param name="top-floats" as="xs:string" select="''"/>
  <!-- Where each table is printed, as "N:PLACEMENT" or "N:PLACEMENT@SIZE" (the N-th table-wrap of the article in
       document order; PLACEMENT column, page or landscape; SIZE its type in pt): pipeline/render/pdf_tables.py
       decides it from the tables' widths. Empty, or a table not named: across the page when it has more than three
       columns, else in a column, at the stylesheet's size. -->
  <xsl:param name="table-fits" as="xs:string" select="''"/>
  <!-- Tables printed in parts, as "N:R1,R2...": the N-th table-wrap's body rows from R1 on (counted from 1) are a
       part of their own under "Table N. Continued" (pipeline/render/pdf_table_parts.py, from an earlier layout). -->
  <xsl:param name="table-breaks" as="xs:string" select="''"/>

  <!-- The reference list without the web page's wrapping spans (core-refs.xsl). -->
  <xsl:variable name="f:reference-spans" as="xs:boolean" select="false()"/>

  <!-- ===== what the print modules share (and core.xsl: $meta, $doi, $authors, $epub-date ...) ===== -->
  <xsl:variable name="title-text" select="f:text($meta/title-group/article-title)"/>
  <xsl:variable name="journal" select="(normalize-space((/article/front/journal-meta/journal-title-group/journal-title)[1])[. != ''],
                                        $journal-title)[1]"/>
  <xsl:variable name="first-page-number" as="xs:integer"
                select="(($first-page, normalize-space($meta/fpage))[matches(., '^\d+$')] ! xs:integer(.), 1)[1]"/>
  <!-- "July 2023": the issue's month in the journal's format (the JATS collection date, else the issue date). -->
  <xsl:variable name="issue-month-year" as="xs:string"
                select="if ($collection-date/year) then f:date-in($collection-date, 'month')
                        else if ($f:issue-day) then f:format-iso($f:issue-day, 'month')
                        else ''"/>
  <xsl:variable name="running-title" select="(f:text($meta/title-group/alt-title[@alt-title-type = 'running-head'])[. != ''], $title-text)[1]"/>
  <!-- wide item number -> page, from $top-floats -->
  <xsl:variable name="p:top-floats" as="map(xs:integer, xs:integer)"
                select="map:merge(tokenize($top-floats)[matches(., '^\d+:\d+$')]
                                  ! map {xs:integer(substring-before(., ':')): xs:integer(substring-after(., ':'))})"/>
  <!-- figure id -> how many blocks later it is printed, from $top-floats -->
  <xsl:variable name="p:deferred" as="map(xs:string, xs:integer)"
                select="map:merge(tokenize($top-floats)[matches(., '^[A-Za-z][\w.-]*\+\d+$')]
                                  ! map {substring-before(., '+'): xs:integer(substring-after(., '+'))})"/>
  <!-- ids of the blocks that start a column, from $top-floats -->
  <xsl:variable name="p:column-starts" as="xs:string*"
                select="tokenize($top-floats)[matches(., '^[A-Za-z][\w.-]*\^$')] ! substring-before(., '^')"/>
  <xsl:variable name="running-authors" select="f:running-authors($meta)"/>
  <!-- table number -> map {placement, size?}, from $table-fits -->
  <xsl:variable name="p:table-fits" as="map(xs:integer, map(*))"
                select="map:merge(tokenize($table-fits)[matches(., '^\d+:(column|page|landscape)(@\d+(\.\d+)?)?$')]
                                  ! map {xs:integer(substring-before(., ':')):
                                         map:merge((map {'placement': replace(., '^\d+:([a-z]+).*$', '$1')},
                                                    (if (contains(., '@')) then map {'size': substring-after(., '@')} else ())))})"/>
  <!-- table number -> the body rows that start its later parts, from $table-breaks -->
  <xsl:variable name="p:table-breaks" as="map(xs:integer, xs:integer*)"
                select="map:merge(tokenize($table-breaks)[matches(., '^\d+:\d+(,\d+)*$')]
                                  ! map {xs:integer(substring-before(., ':')):
                                         sort(distinct-values(tokenize(substring-after(., ':'), ',') ! xs:integer(.)))[. gt 1]})"/>

  <!-- ===== the document ===== -->
  <xsl:template match="/">
    <xsl:apply-templates select="article"/>
  </xsl:template>

  <xsl:template match="article">
    <html lang="{$language-code}" class="{string-join(('print', 'variant-' || $variant, 'first-verso'[$first-page-number mod 2 = 0]), ' ')}">
      <head>
        <meta charset="utf-8"/>
        <title><xsl:value-of select="$title-text"/></title>
        <xsl:for-each select="$authors">
          <meta name="author" content="{f:contrib-name(.)}"/>
        </xsl:for-each>
        <xsl:variable name="subject" select="string-join(((normalize-space($meta/custom-meta-group/custom-meta[normalize-space(meta-name) = 'citation']/meta-value)[. != ''],
                                                            $journal)[1], ('doi:' || $doi)[$doi != '']), ' ')"/>
        <xsl:if test="$subject != ''"><meta name="description" content="{$subject}"/></xsl:if>
        <xsl:variable name="keywords" select="(($meta/kwd-group)[1]/kwd ! f:text(.), ('doi:' || $doi)[$doi != ''])"/>
        <xsl:if test="exists($keywords)"><meta name="keywords" content="{string-join($keywords ! replace(., ',', ' '), ', ')}"/></xsl:if>
        <xsl:variable name="created" select="(f:iso-day($epub-date), $f:issue-day)[1]"/>
        <xsl:if test="$created"><meta name="dcterms.created" content="{$created}"/></xsl:if>
        <xsl:variable name="modified" select="($f:issue-day, $created)[1]"/>
        <xsl:if test="$modified"><meta name="dcterms.modified" content="{$modified}"/></xsl:if>
        <style><xsl:value-of select="p:page-css()"/></style>
      </head>
      <body>
        <xsl:if test="$watermark != ''">
          <div class="watermark" aria-hidden="true"><xsl:value-of select="$watermark"/></div>
        </xsl:if>
        <article class="article">
          <xsl:call-template name="p:first-page"/>
          <!-- The body and back matter in two columns, interrupted by what is too wide for a column. WeasyPrint's
               column-span loses content when a spanning table breaks over a page, so wide tables and figures
               stand between column blocks instead: each block fills its columns page by page and balances
               them where it ends. A wide item of $top-floats stays in the text as a running element (class
               "top-float"), which the page's note area prints at the top of its page, while the columns run
               on through its place. -->
          <xsl:variable name="blocks" as="element()*">
            <xsl:call-template name="p:body-with-main-points"/>
            <xsl:apply-templates select="back"/>
          </xsl:variable>
          <xsl:variable name="flow" select="$blocks ! p:hoist-wide(.)"/>
          <xsl:variable name="wide" select="$flow[tokenize(@class, '\s+') = 'wide']"/>
          <xsl:variable name="moved" as="map(xs:integer, xs:integer)"
                        select="map:merge(for $i in 1 to count($flow) return
                                  for $id in string($flow[$i]/@id)[. != '' and map:contains($p:deferred, .)]
                                  return map {$i: min(($i + $p:deferred($id), count($flow)))})"/>
          <xsl:variable name="reordered" as="element()*"
                        select="for $i in 1 to count($flow) return
                                  ($flow[$i][not(map:contains($moved, $i))],
                                   for $j in sort(map:keys($moved)[$moved(.) = $i]) return $flow[$j])"/>
          <xsl:variable name="placed" as="element()*">
            <xsl:for-each select="$reordered">
              <xsl:variable name="item" select="."/>
              <xsl:variable name="n" select="(for $i in 1 to count($wide) return $i[$wide[$i] is $item])[1]"/>
              <xsl:choose>
                <xsl:when test="exists($n) and map:contains($p:top-floats, $n)">
                  <xsl:copy>
                    <xsl:copy-of select="@* except @class"/>
                    <xsl:attribute name="class" select="@class || ' top-float'"/>
                    <xsl:attribute name="style" select="'position: running(top-float-' || $n || ')'"/>
                    <xsl:copy-of select="node()"/>
                  </xsl:copy>
                </xsl:when>
                <xsl:otherwise><xsl:sequence select="."/></xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </xsl:variable>
          <xsl:for-each-group select="$placed" group-adjacent="tokenize(@class, '\s+') = 'wide' and not(tokenize(@class, '\s+') = 'top-float')">
            <xsl:choose>
              <xsl:when test="current-grouping-key()"><xsl:sequence select="current-group()"/></xsl:when>
              <xsl:when test="exists($p:column-starts)">
                <div class="columns"><xsl:apply-templates select="current-group()" mode="p:column-start"/></div>
              </xsl:when>
              <xsl:otherwise><div class="columns"><xsl:sequence select="current-group()"/></div></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each-group>
        </article>
        <xsl:apply-templates select="q:queries"/>
      </body>
    </html>
  </xsl:template>

  <!-- The article's page numbers and running heads, as CSS; their look is in templates/print.css.
       Even (left) pages: "572 • July 2023 • Journal" and the authors; odd (right) pages: "Running title • 641";
       the first page: only its number. An article without issue pages (an online-only journal's) is located by
       its e-location id, which the even pages print after the journal ("2 • January 2014 • Journal • e003269"),
       its pages counting from 1. A page with top floats prints them in its note area, above the text. -->
  <xsl:function name="p:page-css" as="xs:string">
    <xsl:variable name="locator" select="normalize-space($meta[not(fpage)]/elocation-id)"/>
    <xsl:variable name="verso" select="string-join(('counter(page)', ($issue-month-year[. != ''], $journal[. != ''], $locator[. != '']) ! p:css-string(' • ' || .)), ' ')"/>
    <xsl:sequence select="string-join((
      '@page :first { counter-reset: page ' || $first-page-number || '; }',
      '@page :left { @top-left { content: ' || $verso || '; } @top-right { content: ' || p:css-string($running-authors) || '; } }',
      '@page :right { @top-right { content: ' || p:css-string($running-title || ' • ') || ' counter(page); } }',
      '@page :first { @top-left { content: none; } @top-right { content: counter(page); } }',
      for $page in sort(distinct-values(map:keys($p:top-floats) ! $p:top-floats(.)))
      return '@page :nth(' || $page || ') { @note-area { content: '
             || string-join(sort(map:keys($p:top-floats)[$p:top-floats(.) = $page]) ! ('element(top-float-' || . || ')'), ' ')
             || '; } }'), '&#10;')"/>
  </xsl:function>

  <!-- The blocks of a column block as they are, but for those that start a column ($p:column-starts). -->
  <xsl:mode name="p:column-start" on-no-match="shallow-copy"/>
  <xsl:template match="*[@id = $p:column-starts]" mode="p:column-start">
    <xsl:copy>
      <xsl:copy-of select="@* except @class"/>
      <xsl:attribute name="class" select="string-join((@class, 'column-start'), ' ')"/>
      <xsl:apply-templates mode="p:column-start"/>
    </xsl:copy>
  </xsl:template>

  <!-- ===== shared functions ===== -->

  <!-- A block of the flow with a wide item inside it (a wide table of the supplementary material in the back
       matter, a table inside a paragraph): split around the wide item, so that it stands between column blocks
       like any other; the pieces keep the block's name and classes, its id stays with the first. -->
  <xsl:function name="p:hoist-wide" as="element()*">
    <xsl:param name="block" as="element()"/>
    <xsl:choose>
      <xsl:when test="p:is-wide($block) or empty($block//*[p:is-wide(.)])"><xsl:sequence select="$block"/></xsl:when>
      <xsl:otherwise>
        <xsl:variable name="children" select="$block/node() ! (if (. instance of element() and .//*[p:is-wide(.)]) then p:hoist-wide(.) else .)"/>
        <xsl:for-each-group select="$children" group-adjacent="p:is-wide(.)">
          <xsl:variable name="first" select="position() = 1"/>
          <xsl:choose>
            <xsl:when test="current-grouping-key()"><xsl:sequence select="current-group()"/></xsl:when>
            <xsl:when test="empty(current-group()[self::* or normalize-space()])"/>
            <xsl:otherwise>
              <xsl:variable name="group" select="current-group()"/>
              <xsl:for-each select="$block">
                <xsl:copy>
                  <xsl:copy-of select="@* except @id[not($first)]"/>
                  <xsl:sequence select="$group"/>
                </xsl:copy>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="p:is-wide" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node instance of element() and tokenize($node/@class, '\s+') = 'wide'"/>
  </xsl:function>

  <!-- A CSS string literal, safe inside <style>: backslashes and quotes escaped, "<" as \3C (no "</style>"). -->
  <xsl:function name="p:css-string" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:sequence select="'&quot;' || replace(replace(replace(replace(string($s), '\s+', ' '), '\\', '\\\\'), '&quot;', '\\&quot;'),
                          '&lt;', '\\3C ') || '&quot;'"/>
  </xsl:function>

</xsl:stylesheet>
