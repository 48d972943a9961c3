<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-display.xsl: the web page's tables, figures, supplementary material and formulas.
  Input:  table-wrap, table, fig, supplementary-material and mml:math from a JATS article.
  Output: (default mode) HTML: a table's caption above it, the table in a horizontally scrolling region
          labelled by the caption, its footnotes below; a <figure> with its graphics and a <figcaption>;
          formulas as MathML (core-math.xsl, mode "mathml"). Rows, cells, graphics, alt text and captions
          are the core's (core-display.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:math="http://www.w3.org/2005/xpath-functions/math"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- ===== tables ===== -->

  <xsl:template match="table-wrap">
    <xsl:variable name="tables" select="table | alternatives/table"/>
    <!-- The region is labelled by the caption only when there is one (else aria-label): an aria-labelledby that
         names no element leaves the region without a name (axe-core rule aria-valid-attr-value). -->
    <xsl:variable name="caption-id" select="if (@id and (label or caption)) then @id || '-caption' else ()"/>
    <xsl:choose>
      <xsl:when test="$tables">
        <div class="table-wrap{if (some $t in $tables satisfies f:is-wide-table($t)) then ' table-wide' else ''}">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <!-- The caption stands above the scrolling region, not inside the table: in the table it would be as
               wide as the table and run out of sight on a narrow screen. The table is labelled by it. -->
          <xsl:if test="label or caption">
            <div class="table-caption">
              <xsl:if test="$caption-id"><xsl:attribute name="id" select="$caption-id"/></xsl:if>
              <xsl:call-template name="f:caption"/>
            </div>
          </xsl:if>
          <xsl:for-each select="$tables">
            <div class="table-scroll" role="region" tabindex="0">
              <xsl:choose>
                <xsl:when test="$caption-id"><xsl:attribute name="aria-labelledby" select="$caption-id"/></xsl:when>
                <xsl:otherwise><xsl:attribute name="aria-label" select="(normalize-space(../label)[. != ''], 'Table')[1]"/></xsl:otherwise>
              </xsl:choose>
              <p class="scroll-hint" aria-hidden="true">Scroll sideways to see the whole table →</p>
              <table>
                <xsl:if test="$caption-id"><xsl:attribute name="aria-labelledby" select="$caption-id"/></xsl:if>
                <xsl:apply-templates select="*" mode="table"/>
              </table>
            </div>
          </xsl:for-each>
          <xsl:apply-templates select="table-wrap-foot"/>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <!-- A table supplied only as an image. -->
        <figure class="table-wrap table-image">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <figcaption><xsl:call-template name="f:caption"/></figcaption>
          <xsl:apply-templates select="(graphic | alternatives/graphic)[1]"/>
          <xsl:apply-templates select="table-wrap-foot"/>
        </figure>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A table wider than the text column at its natural width: its widest row, each cell counted as its text up to
       WRAP characters (a longer text wraps there) and a little for the cell's padding, is over COLUMN characters
       (the text column holds about 95 characters of the table's type). It then takes the page's width
       (article.css: table-wide) and scrolls only beyond it. -->
  <xsl:function name="f:is-wide-table" as="xs:boolean">
    <xsl:param name="table" as="element(table)"/>
    <xsl:variable name="wrap" select="24"/>
    <xsl:variable name="column" select="90"/>
    <xsl:sequence select="max((0, for $tr in $table//tr return sum(for $c in $tr/(th | td) return
                            min((string-length(normalize-space($c)), $wrap)) + 3))) gt $column"/>
  </xsl:function>

  <!-- A table outside a table-wrap. -->
  <xsl:template match="table">
    <div class="table-scroll" role="region" tabindex="0" aria-label="Table">
      <p class="scroll-hint" aria-hidden="true">Scroll sideways to see the whole table →</p>
      <table><xsl:apply-templates select="*" mode="table"/></table>
    </div>
  </xsl:template>

  <xsl:template match="table-wrap-foot">
    <div class="table-foot">
      <xsl:apply-templates/>
    </div>
  </xsl:template>
  <xsl:template match="table-wrap-foot//fn-group" priority="2"><xsl:apply-templates/></xsl:template>
  <xsl:template match="table-wrap-foot//fn" priority="2">
    <div class="fn">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates select="* except label"/>
    </div>
  </xsl:template>

  <!-- ===== figures ===== -->
  <!-- A figure's graphics are panels of one size in a grid of as many columns as suit their number (the last row
       keeps the others' size; it is not stretched), each with its letter (the graphic's label). A panel is a button
       that opens the panel large in a modal <dialog> (HTML invoker commands: no script, which the page's
       Content-Security-Policy forbids); Escape, the Close button or a click beside it closes it, and the focus
       returns to the panel. Every panel's file is also a plain link ("Full-size image"), for browsers without
       invoker commands and for saving the image. -->

  <xsl:template match="fig">
    <xsl:variable name="graphics" select="f:fig-graphics(.)"/>
    <xsl:variable name="key" select="(@id, generate-id())[1]"/>
    <figure class="fig">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="$graphics">
        <div class="fig-panels {if (count($graphics) gt 1) then 'fig-cols-' || f:panel-columns(count($graphics)) || ' ' || f:panel-ratio($graphics) else 'fig-single'}">
          <xsl:for-each select="$graphics">
            <div class="fig-panel">
              <button type="button" class="fig-open" commandfor="{$key}-view-{position()}" command="show-modal"
                      aria-haspopup="dialog">
                <span class="visually-hidden">Enlarge: </span>
                <xsl:apply-templates select="."/>
                <xsl:if test="normalize-space(label)">
                  <span class="panel-label" aria-hidden="true"><xsl:value-of select="normalize-space(label)"/></span>
                </xsl:if>
              </button>
            </div>
          </xsl:for-each>
        </div>
      </xsl:if>
      <xsl:apply-templates select="media | alternatives/media"/>
      <figcaption><xsl:call-template name="f:caption"/></figcaption>
      <xsl:if test="$graphics">
        <p class="fig-files">
          <xsl:choose>
            <!-- Each link's name begins with what it shows ("a"), then says what it is (WCAG 2.5.3, label in name). -->
            <xsl:when test="count($graphics) = 1">
              <a href="{f:figure-src($graphics/@xlink:href)}">Full-size image<span class="visually-hidden"> of <xsl:value-of select="f:panel-name($graphics)"/></span></a>
            </xsl:when>
            <xsl:otherwise>
              <xsl:text>Full-size images: </xsl:text>
              <xsl:for-each select="$graphics">
                <xsl:if test="position() gt 1"><xsl:text> · </xsl:text></xsl:if>
                <a href="{f:figure-src(@xlink:href)}">
                  <xsl:value-of select="(normalize-space(label)[. != ''], string(position()))[1]"/>
                  <span class="visually-hidden"> (<xsl:value-of select="f:panel-name(.)"/>, full-size image)</span>
                </a>
              </xsl:for-each>
            </xsl:otherwise>
          </xsl:choose>
        </p>
      </xsl:if>
      <xsl:for-each select="$graphics">
        <xsl:variable name="view" select="$key || '-view-' || position()"/>
        <dialog class="lightbox" id="{$view}" aria-labelledby="{$view}-title" closedby="any">
          <div class="lightbox-bar">
            <p class="lightbox-title" id="{$view}-title"><xsl:value-of select="f:panel-name(.)"/></p>
            <a class="lightbox-file" href="{f:figure-src(@xlink:href)}">Full-size image</a>
            <button type="button" class="lightbox-close" commandfor="{$view}" command="close" autofocus="">Close</button>
          </div>
          <img class="lightbox-image" src="{f:figure-src(@xlink:href)}" alt="{f:alt-text(.)}">
            <xsl:call-template name="f:size-attributes"/>
          </img>
        </dialog>
      </xsl:for-each>
    </figure>
  </xsl:template>

  <!-- A figure's graphics on the web page: with their width and height when known (no jump as they load). -->
  <xsl:template match="fig//graphic" priority="2">
    <img src="{f:figure-src(@xlink:href)}" alt="{f:alt-text(.)}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:size-attributes"/>
    </img>
  </xsl:template>

  <xsl:template name="f:size-attributes">
    <xsl:variable name="size" select="f:figure-size(@xlink:href)"/>
    <xsl:if test="exists($size)">
      <xsl:attribute name="width" select="$size[1]"/>
      <xsl:attribute name="height" select="$size[2]"/>
    </xsl:if>
  </xsl:template>

  <!-- "Figure 1a" (a letter after the figure's number), "Figure 1, part ii", "Figure 1". -->
  <xsl:function name="f:panel-name" as="xs:string">
    <xsl:param name="graphic" as="element()"/>
    <xsl:variable name="fig" select="$graphic/ancestor::fig[1]"/>
    <xsl:variable name="label" select="(replace(normalize-space($fig/label), '[.:]$', '')[. != ''], 'Figure')[1]"/>
    <xsl:variable name="part" select="normalize-space($graphic/label)"/>
    <xsl:sequence select="if ($part = '') then $label
                          else if (matches($part, '^[A-Za-z]$') and matches($label, '\d$')) then $label || $part
                          else $label || ', part ' || $part"/>
  </xsl:function>

  <!-- Columns of the panel grid: a row for two or three, 2 × 2 for four, rows of three up to six and for nine, else
       rows of four (narrow screens: at most two, in article.css). -->
  <xsl:function name="f:panel-columns" as="xs:integer">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="if ($n le 3) then $n else if ($n = 4) then 2 else if ($n le 6 or $n = 9) then 3 else 4"/>
  </xsl:function>

  <!-- The shape every panel of a figure gets (its images fit inside, whole): of the shapes article.css knows, the
       one nearest the panels' median width/height; 4:3 when their sizes are not known. -->
  <xsl:variable name="f:panel-ratios" as="map(xs:string, xs:numeric)"
                select="map{'ratio-2-3': 2 div 3, 'ratio-3-4': 0.75, 'ratio-1-1': 1, 'ratio-4-3': 4 div 3,
                            'ratio-3-2': 1.5, 'ratio-16-9': 16 div 9}"/>

  <xsl:function name="f:panel-ratio" as="xs:string">
    <xsl:param name="graphics" as="element()*"/>
    <xsl:variable name="ratios" as="xs:double*">
      <xsl:perform-sort select="f:pairs-ratio($graphics ! f:figure-size(@xlink:href))">
        <xsl:sort select="."/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:variable name="median" select="if (empty($ratios)) then 4 div 3 else $ratios[(count($ratios) + 1) idiv 2]"/>
    <xsl:variable name="names" select="map:keys($f:panel-ratios)"/>
    <xsl:variable name="distances" select="$names ! abs(math:log($f:panel-ratios(.)) - math:log($median))"/>
    <xsl:sequence select="$names[index-of($distances, min($distances))[1]]"/>
  </xsl:function>

  <!-- (w1, h1, w2, h2 ...) -> (w1 div h1, w2 div h2 ...) -->
  <xsl:function name="f:pairs-ratio" as="xs:double*">
    <xsl:param name="numbers" as="xs:integer*"/>
    <xsl:sequence select="for $i in 1 to count($numbers) idiv 2 return $numbers[2 * $i - 1] div $numbers[2 * $i]"/>
  </xsl:function>

  <!-- (width, height) in pixels of a figure file in the figures folder, () when not known (parameter figure-sizes). -->
  <xsl:function name="f:figure-size" as="xs:integer*">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:variable name="name" select="tokenize(normalize-space($href), '[/\\]')[last()]"/>
    <xsl:variable name="size" select="if ($name) then $figure-size-map($name) else ()"/>
    <xsl:sequence select="if (exists($size)) then ($size?1 ! xs:integer(.), $size?2 ! xs:integer(.)) else ()"/>
  </xsl:function>

  <xsl:template match="supplementary-material">
    <div class="supplementary-material">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:caption"/>
      <xsl:apply-templates select="graphic | media | alternatives"/>
      <xsl:apply-templates select="* except (label, caption, graphic, media, alternatives, permissions, attrib, object-id)"/>
    </div>
  </xsl:template>
  <!-- ===== formulas: MathML for the browser to draw ===== -->
  <xsl:template match="mml:math">
    <xsl:apply-templates select="." mode="mathml"/>
  </xsl:template>

</xsl:stylesheet>
