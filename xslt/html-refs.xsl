<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-refs.xsl: the reference list.
  Input:  back/ref-list (ref with element-citation, mixed-citation or NLM citation) and the
          article's citation xrefs (ref-type="bibr").
  Output: (default mode) <section class="references"> with an <ol> of <li id="<ref id>">: the
          reference in AMA style built from the element-citation's parts (authors as surname and
          initials, all up to 6, else the first 3 and "et al"; title; source in italics;
          year;volume(issue):pages; "doi:"), or a mixed citation's text as given; a DOI link
          (https://doi.org/...) and a PubMed link where there is a pmid; and a back-link (↩, read
          as "Back to citation N") to each place in the text that cites the reference.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:f="urn:x-pipeline:html-functions"
    exclude-result-prefixes="#all">

  <!-- Citations of each reference, by reference id (a range xref counts for every reference in it). -->
  <xsl:key name="f:citations" match="xref[@ref-type = 'bibr'][not(ancestor::sub-article)]" use="tokenize(normalize-space(@rid), ' ')"/>

  <xsl:template match="ref-list">
    <section class="references">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:heading">
        <xsl:with-param name="default" select="'References'"/>
      </xsl:call-template>
      <xsl:apply-templates select="* except (label, title, ref)"/>
      <xsl:if test="ref">
        <ol class="ref-list">
          <xsl:apply-templates select="ref"/>
        </ol>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="ref">
    <li class="ref">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <span class="ref-label"><xsl:value-of select="(normalize-space(label)[. != ''] ! replace(., '\.$', ''), position())[1]"/>.</span>
      <xsl:text> </xsl:text>
      <span class="ref-body">
      <xsl:for-each select="element-citation | mixed-citation | citation | nlm-citation">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <span class="citation">
          <xsl:choose>
            <xsl:when test="text()[normalize-space()]">
              <!-- mixed citation: the text as given -->
              <xsl:apply-templates select="node()" mode="as-given"/>
            </xsl:when>
            <xsl:otherwise><xsl:call-template name="f:ama"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:for-each>
      <xsl:call-template name="f:ref-links"/>
      <xsl:call-template name="f:backlinks"/>
      </span>
    </li>
  </xsl:template>

  <!-- Mixed citations: inline formatting and links, every word as the JATS has it. -->
  <xsl:template match="node()" mode="as-given"><xsl:apply-templates select="."/></xsl:template>
  <xsl:template match="name | string-name" mode="as-given"><xsl:apply-templates mode="as-given"/></xsl:template>
  <xsl:template match="surname | given-names | prefix | suffix" mode="as-given"><xsl:apply-templates/></xsl:template>
  <xsl:template match="name[not(text()[normalize-space()])]" mode="as-given" priority="1">
    <!-- a <name> in a mixed citation has its parts without the space between them -->
    <xsl:for-each select="*">
      <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
    </xsl:for-each>
  </xsl:template>
  <xsl:template match="person-group | article-title | chapter-title | source | year | volume | issue | fpage | lpage
                       | publisher-name | publisher-loc | edition | collab | etal | comment | data-title | part-title
                       | conf-name | conf-loc | conf-date | date-in-citation | series | trans-title | trans-source
                       | page-range | elocation-id | season | month | day | version | patent | institution | role
                       | size | std | gov | uri[not(@xlink:href)]" mode="as-given">
    <!-- parts the JATS puts side by side with no space between them (<source>X</source><volume>9</volume>) -->
    <xsl:if test="preceding-sibling::node()[1][self::*]"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates mode="as-given"/>
  </xsl:template>

  <!-- ===== AMA style from the parts ===== -->

  <xsl:template name="f:ama">
    <xsl:variable name="type" select="lower-case(string(@publication-type))"/>
    <xsl:variable name="authors" select="(person-group[not(@person-group-type) or @person-group-type = 'author'])[1]"/>
    <xsl:variable name="editors" select="person-group[@person-group-type = 'editor'][1]"/>
    <xsl:variable name="loose" select="name | string-name | collab"/>
    <xsl:variable name="names" select="if ($authors) then $authors/(name | string-name | collab | anonymous)
                                       else if ($loose) then $loose else ()"/>
    <xsl:variable name="title" select="(article-title, data-title, part-title)[1]"/>
    <xsl:variable name="pages" select="f:pages(.)"/>
    <xsl:variable name="is-journal" select="$type = ('journal', 'periodical') or ($type = '' and (volume or issue) and not(publisher-name))"/>

    <!-- authors -->
    <xsl:choose>
      <xsl:when test="$names">
        <xsl:value-of select="f:ama-names($names, exists(($authors, .)[1]/etal))"/>
        <xsl:text>. </xsl:text>
      </xsl:when>
      <xsl:when test="$editors and not(chapter-title)">
        <xsl:value-of select="f:ama-names($editors/(name | string-name | collab), exists($editors/etal))"/>
        <xsl:text>, eds. </xsl:text>
      </xsl:when>
    </xsl:choose>

    <!-- title -->
    <xsl:for-each select="(chapter-title, $title)[1]">
      <span class="ref-title"><xsl:apply-templates/></span>
      <xsl:value-of select="f:stop(.)"/>
    </xsl:for-each>
    <xsl:if test="chapter-title">
      <xsl:text>In: </xsl:text>
      <xsl:if test="$editors">
        <xsl:value-of select="f:ama-names($editors/(name | string-name | collab), exists($editors/etal))"/>
        <xsl:text>, eds. </xsl:text>
      </xsl:if>
    </xsl:if>

    <!-- source -->
    <xsl:for-each select="source[1]">
      <i class="ref-source"><xsl:apply-templates/></i>
      <xsl:value-of select="f:stop(.)"/>
    </xsl:for-each>
    <xsl:for-each select="edition[1]">
      <xsl:value-of select="normalize-space(.)"/>
      <xsl:if test="not(matches(normalize-space(.), 'ed\.?$'))"><xsl:text> ed</xsl:text></xsl:if>
      <xsl:text>. </xsl:text>
    </xsl:for-each>

    <xsl:choose>
      <xsl:when test="$is-journal">
        <!-- 2012;31(4):675-692. -->
        <xsl:variable name="vol-issue" select="string-join((normalize-space(volume[1])[. != ''],
                                                normalize-space(issue[1])[. != ''] ! ('(' || . || ')')), '')"/>
        <xsl:variable name="tail" select="string-join((normalize-space(year[1])[. != ''], $vol-issue[. != '']), ';')"/>
        <xsl:variable name="with-pages" select="string-join(($tail[. != ''], $pages[. != '']), ':')"/>
        <xsl:if test="$with-pages != ''"><xsl:value-of select="$with-pages"/><xsl:text>. </xsl:text></xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <!-- Location: Publisher; 2012:pages. -->
        <xsl:variable name="publisher" select="string-join((normalize-space(publisher-loc[1])[. != ''],
                                               normalize-space(publisher-name[1])[. != '']), ': ')"/>
        <xsl:variable name="when" select="string-join((normalize-space(year[1])[. != ''], $pages[. != '']), ':')"/>
        <xsl:if test="volume and not(source)"><xsl:value-of select="'Vol ' || normalize-space(volume[1]) || '. '"/></xsl:if>
        <xsl:value-of select="string-join(($publisher[. != ''], $when[. != '']), '; ')"/>
        <xsl:if test="$publisher != '' or $when != ''"><xsl:text>. </xsl:text></xsl:if>
        <xsl:for-each select="date-in-citation[1]">
          <xsl:text>Accessed </xsl:text><xsl:value-of select="normalize-space(.)"/><xsl:text>. </xsl:text>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:for-each select="comment[normalize-space()]">
      <xsl:apply-templates/><xsl:text> </xsl:text>
    </xsl:for-each>
    <xsl:for-each select="(ext-link | uri)[not(f:bare-doi(@xlink:href) or f:bare-doi(.))]">
      <xsl:apply-templates select="."/><xsl:text> </xsl:text>
    </xsl:for-each>
    <xsl:variable name="doi" select="f:bare-doi((pub-id[@pub-id-type = 'doi'], ext-link[f:bare-doi(@xlink:href)]/@xlink:href)[1])"/>
    <xsl:if test="$doi">
      <xsl:text>doi:</xsl:text><a class="ref-doi" href="{f:doi-url($doi)}"><xsl:value-of select="$doi"/></a>
    </xsl:if>
  </xsl:template>

  <!-- "Economopoulos KJ, Brockmeier SF"; more than 6 names: the first 3 and "et al". -->
  <xsl:function name="f:ama-names" as="xs:string">
    <xsl:param name="names" as="element()*"/>
    <xsl:param name="etal" as="xs:boolean"/>
    <xsl:variable name="all" select="for $n in $names return
                                     if ($n/self::anonymous) then 'Anonymous' else f:ama-name($n)"/>
    <xsl:sequence select="if (count($all) gt 6) then string-join(($all[position() le 3], 'et al'), ', ')
                          else string-join(($all, 'et al'[$etal]), ', ')"/>
  </xsl:function>

  <!-- ". " after a part, unless it ends with its own stop. -->
  <xsl:function name="f:stop" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if (matches(normalize-space($e), '[.?!]$')) then ' ' else '. '"/>
  </xsl:function>

  <xsl:function name="f:pages" as="xs:string">
    <xsl:param name="c" as="element()"/>
    <xsl:variable name="f" select="normalize-space($c/fpage[1])"/>
    <xsl:variable name="l" select="normalize-space($c/lpage[1])"/>
    <xsl:sequence select="if ($f and $l and $f != $l) then $f || '-' || $l
                          else if ($f) then $f
                          else if (normalize-space($c/page-range[1])) then normalize-space($c/page-range[1])
                          else normalize-space($c/elocation-id[1])"/>
  </xsl:function>

  <!-- A PubMed link where the reference has a pmid (the DOI is a link in the reference's text). -->
  <xsl:template name="f:ref-links">
    <xsl:variable name="pmid" select="f:pubmed-url(((element-citation | mixed-citation | citation | nlm-citation)/pub-id[@pub-id-type = 'pmid'])[1])"/>
    <xsl:if test="$pmid">
      <span class="ref-links"><xsl:text> </xsl:text><a class="ref-pubmed" href="{$pmid}">PubMed</a></span>
    </xsl:if>
  </xsl:template>

  <!-- One back-link per place that cites this reference. -->
  <xsl:template name="f:backlinks">
    <xsl:variable name="cites" select="if (@id) then key('f:citations', string(@id)) else ()"/>
    <xsl:if test="$cites">
      <span class="backlinks">
        <xsl:for-each select="$cites">
          <xsl:text> </xsl:text>
          <a class="backlink" href="#{f:cite-id(.)}">
            <span aria-hidden="true">↩<xsl:if test="count($cites) gt 1"><sup><xsl:value-of select="position()"/></sup></xsl:if></span>
            <span class="visually-hidden">Back to citation <xsl:value-of select="position()"/></span>
          </a>
        </xsl:for-each>
      </span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
